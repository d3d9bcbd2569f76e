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

export const queryKeys = {
  me: ["me"] as const,
  dashboard: { all: ["dashboard"] as const },
  users: { all: ["users"] as const },
  tags: { all: ["tags"] as const },
  contacts: {
    all: ["contacts"] as const,
    list: (params: ContactListParams) => ["contacts", "list", params] as const,
  },
  whatsapp: {
    all: ["whatsapp"] as const,
    account: ["whatsapp", "account"] as const,
    teamNumbers: ["whatsapp", "team-numbers"] as const,
  },
};
