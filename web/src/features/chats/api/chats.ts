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
  media: {
    mime: string | null;
    name: string | null;
    size: number | null;
    /** The bytes, for the owner; media still coming from WhatsApp is fetched when asked for. */
    url: string;
    /** `pending` while it is downloaded from WhatsApp; `failed` when that gave up. */
    state: "ready" | "pending" | "failed";
  } | null;
  quoted: { waId: string; text: string | null; senderName: string | null; fromMe: boolean } | null;
  reactions: Array<{ emoji: string; count: number; mine: boolean }>;
  status: MessageStatus;
  error: string | null;
  sentAt: string;
  editedAt: string | null;
  deletedAt: string | null;
};

type ChatPage = { items: ChatItem[]; nextCursor: string | null };
export type MessagePage = { items: MessageItem[]; hasMore: boolean };
export type MessagePages = InfiniteData<MessagePage, unknown>;

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

/** The chat with a typed number, created by the server when there is none yet. */
export function useStartChat() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (phone: string) => (await api.post<{ chat: ChatItem }>("/chats", { phone })).chat,
    onSuccess: (chat) => {
      queryClient.setQueryData(queryKeys.chats.detail(chat.id), chat);
      return queryClient.invalidateQueries({ queryKey: queryKeys.chats.lists });
    },
  });
}

/** One page of a chat's messages, oldest first, ending just before `before` (or at the newest). */
export const fetchMessagePage = (chatId: number, before?: number, signal?: AbortSignal) =>
  api.get<MessagePage>(`/chats/${chatId}/messages`, {
    query: { before, limit: MESSAGE_PAGE_SIZE },
    ...(signal ? { signal } : {}),
  });

/** Pages run newest first; each next page is the one before the oldest message loaded so far. */
export function useChatMessages(chatId: number) {
  return useInfiniteQuery({
    queryKey: queryKeys.chats.messages(chatId),
    queryFn: ({ pageParam, signal }) => fetchMessagePage(chatId, pageParam, signal),
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

const byTime = (messages: MessageItem[]) =>
  [...messages].sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.id - b.id);

/**
 * A fresh copy of the newest page merged into the pages loaded: its messages replace theirs; new
 * ones join the newest page while it has room, or start one of their own. No page outgrows a page,
 * so refetching all of them later never drops the oldest ones loaded (the view would jump).
 */
export function mergeNewestPage(data: MessagePages, fresh: MessagePage): MessagePages {
  const freshById = new Map(fresh.items.map((item) => [item.id, item]));
  const pages = data.pages.map((page) => ({
    ...page,
    items: page.items.map((item) => {
      const copy = freshById.get(item.id);
      return copy ? ticksNeverBack(item, copy) : item;
    }),
  }));
  const loaded = new Set(pages.flatMap((page) => page.items.map((item) => item.id)));
  const added = fresh.items.filter((item) => !loaded.has(item.id));
  const [newest, ...older] = pages;
  if (!newest || added.length === 0) return { ...data, pages };
  if (newest.items.length + added.length <= MESSAGE_PAGE_SIZE)
    return { ...data, pages: [{ ...newest, items: byTime([...newest.items, ...added]) }, ...older] };
  return { pages: [{ items: added, hasMore: true }, ...pages], pageParams: [undefined, ...data.pageParams] };
}

const STATUS_STEP: Record<MessageStatus, number> = {
  failed: 0,
  pending: 0,
  received: 0,
  sent: 1,
  delivered: 2,
  read: 3,
};

/**
 * A newer copy of a loaded message, keeping the loaded ticks when they are further along: a page
 * fetched before the send's answer (or a receipt) must not put a delivered message back to pending.
 */
function ticksNeverBack(loaded: MessageItem, copy: MessageItem): MessageItem {
  return STATUS_STEP[loaded.status] > STATUS_STEP[copy.status] ? { ...copy, status: loaded.status } : copy;
}

/**
 * Replaces the message with that id (or the placeholder it replaces) wherever it is loaded, or
 * adds it as the newest. A refetch may have brought the stored message in already, in the
 * placeholder's stead: that copy is replaced too, and its ticks never go back a step.
 */
export function upsertMessage(data: MessagePages | undefined, message: MessageItem, replacesId = message.id) {
  if (!data?.pages[0]) return data;
  let found = false;
  const pages = data.pages.map((page) => ({
    ...page,
    items: page.items.map((item) => {
      if (item.id !== replacesId && item.id !== message.id) return item;
      found = true;
      return item.id === message.id ? ticksNeverBack(item, message) : message;
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
