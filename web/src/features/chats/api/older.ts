import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";

export type OlderResult = { recovered: number; askedPhone: boolean };

/**
 * Past the oldest stored message: the server recovers what WuzAPI kept and asks the phone for
 * older messages, which arrive a little later through the history sync.
 */
export function useFetchOlder(chatId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<OlderResult>(`/chats/${chatId}/older`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.chats.messages(chatId) }),
  });
}
