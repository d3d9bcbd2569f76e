import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App } from "antd";
import { api, apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { type MessageItem, type MessagePages, upsertMessage } from "./chats";

const HOUR_MS = 3_600_000;
/** WhatsApp's limits, as the server enforces them: delete for everyone within two days, edit within 15 minutes. */
const DELETE_WINDOW_MS = 48 * HOUR_MS;
const EDIT_WINDOW_MS = 15 * 60_000;

const ageOf = (message: MessageItem) => Date.now() - Date.parse(message.sentAt);

/** On WhatsApp already: a pending, failed or deleted message has nothing there to act on. */
export const isActionable = (message: MessageItem) =>
  message.id > 0 &&
  message.waId !== "" &&
  message.deletedAt === null &&
  message.status !== "pending" &&
  message.status !== "failed";

export const canDeleteForEveryone = (message: MessageItem) =>
  message.fromMe && isActionable(message) && ageOf(message) < DELETE_WINDOW_MS;

export const canEdit = (message: MessageItem) =>
  message.fromMe && isActionable(message) && message.type === "text" && ageOf(message) < EDIT_WINDOW_MS;

/** The reactions with mine set to `emoji` (one per person), or taken away when null. */
export function withMyReaction(message: MessageItem, emoji: string | null): MessageItem {
  const others = message.reactions.flatMap((reaction) => {
    if (!reaction.mine) return [reaction];
    return reaction.count > 1 ? [{ ...reaction, count: reaction.count - 1, mine: false }] : [];
  });
  if (emoji === null) return { ...message, reactions: others };
  const same = others.find((reaction) => reaction.emoji === emoji);
  return {
    ...message,
    reactions: same
      ? others.map((reaction) =>
          reaction === same ? { ...reaction, count: reaction.count + 1, mine: true } : reaction,
        )
      : [...others, { emoji, count: 1, mine: true }],
  };
}

type Change<Input extends { message: MessageItem }> = {
  request: (input: Input) => Promise<{ message: MessageItem }>;
  /** The message as it will be once the server agrees: shown at once. */
  expected: (input: Input) => MessageItem;
};

/** Shows a change to a message at once; the server's answer replaces it, an error puts it back. */
function useMessageChange<Input extends { message: MessageItem }>(chatId: number, change: Change<Input>) {
  const queryClient = useQueryClient();
  const { message: toast } = App.useApp();
  const key = queryKeys.chats.messages(chatId);
  const put = (message: MessageItem) =>
    queryClient.setQueryData<MessagePages>(key, (data) => upsertMessage(data, message));
  return useMutation({
    mutationFn: async (input: Input) => (await change.request(input)).message,
    onMutate: async (input) => {
      await queryClient.cancelQueries({ queryKey: key });
      put(change.expected(input));
    },
    onSuccess: put,
    onError: (error, input) => {
      put(input.message);
      toast.error(error.message);
    },
    // An edit or deletion of the newest message changes the list's preview.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.chats.lists }),
  });
}

const messagePath = (chatId: number, message: MessageItem) => `/chats/${chatId}/messages/${message.id}`;

/** Sets my reaction (one per message), or removes it with `emoji: null`. */
export function useReactToMessage(chatId: number) {
  return useMessageChange<{ message: MessageItem; emoji: string | null }>(chatId, {
    request: ({ message, emoji }) =>
      api.put(`${messagePath(chatId, message)}/reaction`, { emoji: emoji ?? "" }),
    expected: ({ message, emoji }) => withMyReaction(message, emoji),
  });
}

export function useDeleteForEveryone(chatId: number) {
  return useMessageChange<{ message: MessageItem }>(chatId, {
    request: ({ message }) => apiRequest(messagePath(chatId, message), { method: "DELETE" }),
    expected: ({ message }) => ({ ...message, text: null, deletedAt: new Date().toISOString() }),
  });
}

export function useEditMessage(chatId: number) {
  return useMessageChange<{ message: MessageItem; text: string }>(chatId, {
    request: ({ message, text }) => api.patch(messagePath(chatId, message), { text }),
    expected: ({ message, text }) => ({ ...message, text, editedAt: new Date().toISOString() }),
  });
}
