import {
  type InfiniteData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { type ChatListParams, queryKeys } from "@/lib/query-keys";

export type MessageStatus = "pending" | "sent" | "delivered" | "read" | "failed" | "received";

/** One conversation of my number (`GET /api/chats`). */
export type ChatItem = {
  id: number;
  jid: string;
  isGroup: boolean;
  title: string;
  phoneE164: string | null;
  /** The WhatsApp contact behind a one-to-one chat, and its contact-book card when linked. */
  contact: {
    whatsappContactId: number;
    contactRefId: number | null;
    name: string | null;
    tagId: number | null;
  } | null;
  favouriteId: number | null;
  lastMessageAt: string | null;
  lastMessagePreview: string | null;
  lastMessageFromMe: boolean;
  lastMessageStatus: MessageStatus | null;
  unreadCount: number;
};

export type MessageItem = {
  id: number;
  waId: string;
  fromMe: boolean;
  senderJid: string | null;
  senderName: string | null;
  type: string;
  text: string | null;
  media: { mime: string | null; name: string | null; size: number | null } | null;
  quoted: { waId: string; text: string | null; senderName: string | null; fromMe: boolean } | null;
  reactions: Array<{ emoji: string; count: number; mine: boolean }>;
  status: MessageStatus;
  error: string | null;
  sentAt: string;
  editedAt: string | null;
  deletedAt: string | null;
};

type ChatPage = { items: ChatItem[]; nextCursor: string | null };
type MessagePage = { items: MessageItem[]; hasMore: boolean };
type MessagePages = InfiniteData<MessagePage, unknown>;

const MESSAGE_PAGE_SIZE = 50;

export function useChatList(params: ChatListParams) {
  return useInfiniteQuery({
    queryKey: queryKeys.chats.list(params),
    queryFn: ({ pageParam, signal }) =>
      api.get<ChatPage>("/chats", {
        query: { q: params.q, tagId: params.tagId, unread: params.unread || undefined, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });
}

export function useChat(chatId: number | undefined) {
  return useQuery({
    queryKey: queryKeys.chats.detail(chatId ?? 0),
    queryFn: async ({ signal }) => (await api.get<{ chat: ChatItem }>(`/chats/${chatId}`, { signal })).chat,
    enabled: chatId !== undefined,
  });
}

/** Pages run newest first; each next page is the one before the oldest message loaded so far. */
export function useChatMessages(chatId: number) {
  return useInfiniteQuery({
    queryKey: queryKeys.chats.messages(chatId),
    queryFn: ({ pageParam, signal }) =>
      api.get<MessagePage>(`/chats/${chatId}/messages`, {
        query: { before: pageParam, limit: MESSAGE_PAGE_SIZE },
        signal,
      }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (lastPage) => (lastPage.hasMore ? lastPage.items[0]?.id : undefined),
  });
}

/** Oldest first, without duplicates (a page refetched while messages arrive can overlap its neighbour). */
export function flattenMessages(data: MessagePages | undefined): MessageItem[] {
  const seen = new Set<number>();
  const messages: MessageItem[] = [];
  for (const page of [...(data?.pages ?? [])].reverse()) {
    for (const message of page.items) {
      if (seen.has(message.id)) continue;
      seen.add(message.id);
      messages.push(message);
    }
  }
  return messages;
}

/** Replaces the message with that id wherever it is loaded, or adds it as the newest. */
function upsertMessage(data: MessagePages | undefined, message: MessageItem, replacesId = message.id) {
  if (!data?.pages[0]) return data;
  let found = false;
  const pages = data.pages.map((page) => ({
    ...page,
    items: page.items.map((item) => {
      if (item.id !== replacesId) return item;
      found = true;
      return message;
    }),
  }));
  if (!found && pages[0]) pages[0] = { ...pages[0], items: [...pages[0].items, message] };
  return { ...data, pages };
}

type SendInput = { text: string; replyTo: MessageItem | null };

/** Shows the message at once as `pending`; the server's answer (sent, or failed) takes its place. */
export function useSendMessage(chatId: number) {
  const queryClient = useQueryClient();
  const key = queryKeys.chats.messages(chatId);
  return useMutation({
    mutationFn: async ({ text, replyTo }: SendInput) =>
      (
        await api.post<{ message: MessageItem }>(`/chats/${chatId}/messages`, {
          text,
          replyToMessageId: replyTo?.id,
        })
      ).message,
    onMutate: async ({ text, replyTo }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const placeholder = pendingMessage(text, replyTo);
      queryClient.setQueryData<MessagePages>(key, (data) => upsertMessage(data, placeholder));
      return { placeholderId: placeholder.id };
    },
    onSuccess: (message, _input, context) => {
      queryClient.setQueryData<MessagePages>(key, (data) =>
        upsertMessage(data, message, context.placeholderId),
      );
    },
    onError: (error, _input, context) => {
      queryClient.setQueryData<MessagePages>(key, (data) => {
        const placeholder = flattenMessages(data).find((item) => item.id === context?.placeholderId);
        return placeholder
          ? upsertMessage(data, { ...placeholder, status: "failed", error: error.message })
          : data;
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.chats.lists }),
  });
}

/** Negative ids never clash with the server's. */
let nextPlaceholderId = -1;

function pendingMessage(text: string, replyTo: MessageItem | null): MessageItem {
  return {
    id: nextPlaceholderId--,
    waId: "",
    fromMe: true,
    senderJid: null,
    senderName: null,
    type: "text",
    text,
    media: null,
    quoted: replyTo && {
      waId: replyTo.waId,
      text: replyTo.text,
      senderName: replyTo.senderName,
      fromMe: replyTo.fromMe,
    },
    reactions: [],
    status: "pending",
    error: null,
    sentAt: new Date().toISOString(),
    editedAt: null,
    deletedAt: null,
  };
}

export function useRetryMessage(chatId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (messageId: number) =>
      (await api.post<{ message: MessageItem }>(`/chats/${chatId}/messages/${messageId}/retry`)).message,
    onSuccess: (message) =>
      queryClient.setQueryData<MessagePages>(queryKeys.chats.messages(chatId), (data) =>
        upsertMessage(data, message),
      ),
  });
}

/** Clears the unread badge here and in the list, before the server confirms. */
export function useMarkChatRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (chatId: number) => api.post<void>(`/chats/${chatId}/read`),
    onMutate: (chatId) => {
      queryClient.setQueriesData<InfiniteData<ChatPage>>({ queryKey: queryKeys.chats.lists }, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: page.items.map((chat) => (chat.id === chatId ? { ...chat, unreadCount: 0 } : chat)),
              })),
            }
          : data,
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.chats.lists }),
  });
}

/** The contact-book card linked to a chat, as the contact panel shows it (`GET /api/contacts/:id`). */
export type ContactCard = {
  id: number;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  phoneE164: string | null;
  tagId: number | null;
  notes: string | null;
};

export function useContactCard(contactRefId: number | null | undefined) {
  return useQuery({
    queryKey: queryKeys.contacts.detail(contactRefId ?? 0),
    queryFn: async ({ signal }) =>
      (await api.get<{ contact: ContactCard }>(`/contacts/${contactRefId}`, { signal })).contact,
    enabled: typeof contactRefId === "number",
  });
}
