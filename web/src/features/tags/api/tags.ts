import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { useInvalidate } from "@/lib/use-invalidate";
import type { Tag } from "@/types/api";

export type TagInput = { name: string; color: string };

/** Tags show up on contacts and in the dashboard counts too. */
const useInvalidateTags = () =>
  useInvalidate(queryKeys.tags.all, queryKeys.contacts.all, queryKeys.dashboard.all);

export function useCreateTag() {
  const invalidate = useInvalidateTags();
  return useMutation({
    mutationFn: async (input: TagInput) => (await api.post<{ tag: Tag }>("/tags", input)).tag,
    onSuccess: invalidate,
  });
}

export function useUpdateTag() {
  const invalidate = useInvalidateTags();
  return useMutation({
    mutationFn: async ({ id, ...changes }: TagInput & { id: number }) =>
      (await api.patch<{ tag: Tag }>(`/tags/${id}`, changes)).tag,
    onSuccess: invalidate,
  });
}

export function useDeleteTag() {
  const invalidate = useInvalidateTags();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/tags/${id}`),
    onSuccess: invalidate,
  });
}
