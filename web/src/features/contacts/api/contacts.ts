import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type { ServerPage } from "@/components/data-table";
import { api } from "@/lib/api-client";
import { type ContactListParams, queryKeys } from "@/lib/query-keys";
import { useInvalidate } from "@/lib/use-invalidate";

export type Contact = {
  id: number;
  name: string;
  company: string | null;
  email: string | null;
  /** As typed by whoever entered it. */
  phone: string | null;
  /** Normalised by the server; null when the phone could not be understood. */
  phoneE164: string | null;
  tagId: number | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
};

export type ContactPage = ServerPage & { items: Contact[]; page: number; pageSize: number };

export type ContactInput = {
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  tagId: number | null;
  notes: string | null;
};

export function useContacts(params: ContactListParams) {
  return useQuery({
    queryKey: queryKeys.contacts.list(params),
    queryFn: ({ signal }) => api.get<ContactPage>("/contacts", { query: params, signal }),
    // Keep the current page on screen while the next one loads, so the table doesn't flash empty.
    placeholderData: keepPreviousData,
  });
}

/** Contacts feed the tag counts and the dashboard too. */
const useInvalidateContacts = () =>
  useInvalidate(queryKeys.contacts.all, queryKeys.tags.all, queryKeys.dashboard.all);

export function useCreateContact() {
  const invalidate = useInvalidateContacts();
  return useMutation({
    mutationFn: async (input: ContactInput) =>
      (await api.post<{ contact: Contact }>("/contacts", input)).contact,
    onSuccess: invalidate,
  });
}

export function useUpdateContact() {
  const invalidate = useInvalidateContacts();
  return useMutation({
    mutationFn: async ({ id, ...changes }: ContactInput & { id: number }) =>
      (await api.patch<{ contact: Contact }>(`/contacts/${id}`, changes)).contact,
    onSuccess: invalidate,
  });
}

export function useDeleteContact() {
  const invalidate = useInvalidateContacts();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/contacts/${id}`),
    onSuccess: invalidate,
  });
}

export type PhoneCheck = {
  valid: boolean;
  e164: string | null;
  /** Another card that already has this number. */
  duplicate: { contactId: number; name: string } | null;
};

/** The server's verdict on a typed phone (its rules, its default country); off while `phone` is blank. */
export function usePhoneCheck(phone: string, exceptId: number | undefined) {
  return useQuery({
    queryKey: queryKeys.contacts.phoneCheck(phone, exceptId),
    queryFn: ({ signal }) =>
      api.get<PhoneCheck>("/contacts/phone-check", { query: { phone, exceptId }, signal }),
    enabled: phone !== "" && phone.length <= 64,
    staleTime: 60_000,
  });
}
