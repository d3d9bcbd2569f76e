import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type { ServerPage } from "@/components/data-table";
import { api } from "@/lib/api-client";
import { queryKeys, type WhatsAppContactListParams } from "@/lib/query-keys";
import { useInvalidate } from "@/lib/use-invalidate";
import type { Contact } from "./contacts";

/** How a WhatsApp contact was tied to a card: `jid`/`e164` automatically, `manual` by a person. */
export type MatchKind = "jid" | "e164" | "variant" | "manual" | "ambiguous" | "none";

/** One contact of my own WhatsApp number (`GET /api/whatsapp/contacts`). */
export type WhatsAppContact = {
  id: number;
  jid: string;
  lid: string | null;
  /** null while only a LID is known. */
  phoneE164: string | null;
  /** The best name WhatsApp gave (address book, push name, business name). */
  name: string | null;
  pushName: string | null;
  fullName: string | null;
  businessName: string | null;
  isGroup: boolean;
  source: "address_book" | "history" | "message";
  contactRefId: number | null;
  matchKind: MatchKind;
  /** The linked card, when there is one. */
  contact: Contact | null;
  /** Cards suggested for a `variant` or `ambiguous` match. */
  candidateContacts: Contact[];
};

export type WhatsAppContactPage = ServerPage & {
  items: WhatsAppContact[];
  page: number;
  pageSize: number;
};

export type MatchCounts = {
  matched: number;
  variant: number;
  ambiguous: number;
  unmatched: number;
  groups: number;
  total: number;
};

export function useWhatsAppContacts(params: WhatsAppContactListParams) {
  return useQuery({
    queryKey: queryKeys.whatsapp.contacts.list(params),
    queryFn: ({ signal }) => api.get<WhatsAppContactPage>("/whatsapp/contacts", { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useMatchReport() {
  return useQuery({
    queryKey: queryKeys.contacts.matchReport,
    queryFn: async () => (await api.get<{ counts: MatchCounts }>("/contacts/match-report")).counts,
  });
}

/** A link changes the list, the counts, the book's presence column and favourites' names. */
const useInvalidateMatches = () =>
  useInvalidate(queryKeys.whatsapp.contacts.all, queryKeys.contacts.all, queryKeys.favourites.all);

export function useLinkWhatsAppContact() {
  const invalidate = useInvalidateMatches();
  return useMutation({
    mutationFn: ({ id, contactRefId }: { id: number; contactRefId: number }) =>
      api.post<void>(`/whatsapp/contacts/${id}/link`, { contactRefId }),
    onSuccess: invalidate,
  });
}

/** Also the "not this person" answer to a suggestion: the server remembers the manual no. */
export function useUnlinkWhatsAppContact() {
  const invalidate = useInvalidateMatches();
  return useMutation({
    mutationFn: (id: number) => api.post<void>(`/whatsapp/contacts/${id}/unlink`),
    onSuccess: invalidate,
  });
}

/** Asks the server to read the phone's address book again; a `contact.updated` event follows. */
export function useSyncWhatsAppContacts() {
  return useMutation({
    mutationFn: () => api.post<{ ok: boolean }>("/whatsapp/contacts/sync"),
  });
}
