/**
 * Every react-query key in one place, one factory per feature, so a mutation in one feature
 * can invalidate what another shows (a new contact changes the dashboard counts) without
 * importing that feature.
 */
export type ContactListParams = {
  q: string;
  tagId: number | undefined;
  page: number;
  pageSize: number;
  sort: string;
};

export type WhatsAppContactMatchFilter = "all" | "matched" | "variant" | "ambiguous" | "unmatched" | "groups";

export type WhatsAppContactListParams = {
  q: string;
  match: WhatsAppContactMatchFilter;
  page: number;
  pageSize: number;
};

export type ChatListParams = { q: string; tagId: number | undefined; unread: boolean };

export const queryKeys = {
  me: ["me"] as const,
  dashboard: { all: ["dashboard"] as const },
  users: { all: ["users"] as const },
  tags: { all: ["tags"] as const },
  contacts: {
    all: ["contacts"] as const,
    list: (params: ContactListParams) => ["contacts", "list", params] as const,
    phoneCheck: (phone: string, exceptId: number | undefined) =>
      ["contacts", "phone-check", phone, exceptId] as const,
    /** Under `contacts`: any change to the book can change what matches. */
    matchReport: ["contacts", "match-report"] as const,
    detail: (id: number) => ["contacts", "detail", id] as const,
  },
  whatsapp: {
    all: ["whatsapp"] as const,
    account: ["whatsapp", "account"] as const,
    teamNumbers: ["whatsapp", "team-numbers"] as const,
    /** Under `whatsapp`: linking or unlinking the number changes them too. */
    contacts: {
      all: ["whatsapp", "contacts"] as const,
      list: (params: WhatsAppContactListParams) => ["whatsapp", "contacts", params] as const,
    },
  },
  favourites: { all: ["favourites"] as const },
  chats: {
    all: ["chats"] as const,
    lists: ["chats", "list"] as const,
    list: (params: ChatListParams) => ["chats", "list", params] as const,
    detail: (id: number) => ["chats", "detail", id] as const,
    messages: (id: number) => ["chats", "messages", id] as const,
  },
};
