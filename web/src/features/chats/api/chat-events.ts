import { useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/lib/query-keys";
import { useRealtimeEvent } from "@/lib/realtime-provider";
import { fetchMessagePage, flattenMessages, type MessagePages, mergeNewestPage } from "./chats";

declare module "@/lib/realtime" {
  interface RealtimeEventMap {
    "message.created": { chatId: number; messageId: number };
    /** A status, an edit, a deletion or a reaction. */
    "message.updated": { chatId: number; messageId: number };
    /** Its place in the list, preview, unread count or contact changed. */
    "chat.updated": { chatId: number };
    /** A chat first seen under a LID moved into the person's phone-number chat. */
    "chat.merged": { chatId: number; intoChatId: number };
    /** `media: "audio"` while a voice message is being recorded. */
    "chat.typing": { chatId: number; state: "composing" | "paused"; media?: "" | "audio" };
  }
}

/**
 * The chat screen's live hints: each one refetches what it points at, if it is on screen.
 * `onMerged` lets the screen follow an open chat that moved into another one.
 */
export function useChatRealtime(onMerged: (merge: { chatId: number; intoChatId: number }) => void) {
  const queryClient = useQueryClient();
  const refreshChat = (chatId: number) => {
    queryClient.invalidateQueries({ queryKey: queryKeys.chats.lists });
    queryClient.invalidateQueries({ queryKey: queryKeys.chats.detail(chatId) });
  };
  const refreshMessages = ({ chatId }: { chatId: number }) => {
    queryClient.invalidateQueries({ queryKey: queryKeys.chats.messages(chatId) });
    refreshChat(chatId);
  };

  /**
   * Fetches only the newest page and merges it in: a long chat read far back does not refetch every
   * page it loaded for each message. A gap (more new messages than a page), or a change to a message
   * older than that page, refetches them all.
   */
  const refreshNewest = async (chatId: number, changedId: number) => {
    refreshChat(chatId);
    const key = queryKeys.chats.messages(chatId);
    // A chat not on screen is only marked stale: it is fetched when it opens.
    if (!queryClient.getQueryCache().find({ queryKey: key })?.isActive())
      return queryClient.invalidateQueries({ queryKey: key });
    let merged = false;
    try {
      const fresh = await fetchMessagePage(chatId);
      queryClient.setQueryData<MessagePages>(key, (data) => {
        const loaded = new Set(flattenMessages(data).map((item) => item.id));
        const covered = fresh.items.some((item) => item.id === changedId);
        const joins = !fresh.hasMore || fresh.items.some((item) => loaded.has(item.id));
        // A message being sent shows as a placeholder until its answer: a full refetch drops it cleanly.
        const sending = [...loaded].some((id) => id < 0);
        if (!data || !covered || !joins || sending) return data;
        merged = true;
        return mergeNewestPage(data, fresh);
      });
    } finally {
      if (!merged) queryClient.invalidateQueries({ queryKey: key });
    }
  };

  useRealtimeEvent("message.created", ({ chatId, messageId }) => void refreshNewest(chatId, messageId));
  useRealtimeEvent("message.updated", ({ chatId, messageId }) => {
    // A change to a message that is not loaded (media of an old one arriving, say) shows nowhere; a
    // refetch for each would also cancel the older page the open chat is loading. A bubble still
    // under its temporary id (a send not answered yet) may be the one that changed: it is fetched.
    const loaded = flattenMessages(queryClient.getQueryData<MessagePages>(queryKeys.chats.messages(chatId)));
    if (loaded.some((message) => message.id === messageId || message.id < 0))
      void refreshNewest(chatId, messageId);
    else refreshChat(chatId);
  });
  useRealtimeEvent("chat.updated", ({ chatId }) => refreshChat(chatId));
  useRealtimeEvent("chat.merged", (merge) => {
    queryClient.removeQueries({ queryKey: queryKeys.chats.detail(merge.chatId) });
    queryClient.removeQueries({ queryKey: queryKeys.chats.messages(merge.chatId) });
    refreshMessages({ chatId: merge.intoChatId });
    onMerged(merge);
  });
  // Names and tags in the list come from contacts.
  useRealtimeEvent("contact.updated", () => queryClient.invalidateQueries({ queryKey: queryKeys.chats.all }));
}
