import { useMutation } from "@tanstack/react-query";
import { api } from "./api-client";
import { queryKeys } from "./query-keys";
import { useInvalidate } from "./use-invalidate";

/** What the contact book needs to add a WhatsApp contact; the phone comes from WhatsApp. */
export type AddToBookInput = {
  name: string;
  company: string | null;
  email: string | null;
  tagId: number | null;
  notes: string | null;
};

/** The new card's id and name (the server answers with the whole card). */
export type AddedContact = { id: number; name: string };

/** The + on a WhatsApp contact: a new contact-book card with its number, linked to it. */
export function useAddToBook() {
  const invalidate = useInvalidate(
    queryKeys.whatsapp.contacts.all,
    queryKeys.contacts.all,
    queryKeys.favourites.all,
    queryKeys.tags.all,
    queryKeys.dashboard.all,
    // The chat with this contact now shows its card.
    queryKeys.chats.all,
  );
  return useMutation({
    mutationFn: async ({ id, ...input }: AddToBookInput & { id: number }) =>
      (await api.post<{ contact: AddedContact }>(`/whatsapp/contacts/${id}/add-to-book`, input)).contact,
    onSuccess: invalidate,
  });
}
