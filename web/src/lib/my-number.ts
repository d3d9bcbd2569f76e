import { useQuery } from "@tanstack/react-query";
import type { WhatsAppState } from "@/types/api";
import { api } from "./api-client";
import { queryKeys } from "./query-keys";

/**
 * The state of my linked number ("none" before the first Connect), for screens that need one.
 * Same query as the WhatsApp page's (same key and endpoint), read here only for its state.
 */
export function useMyNumberState() {
  return useQuery({
    queryKey: queryKeys.whatsapp.account,
    queryFn: () => api.get<{ account: { state: WhatsAppState } | null }>("/whatsapp/account"),
    select: (data): WhatsAppState => data.account?.state ?? "none",
  });
}
