import { useQuery } from "@tanstack/react-query";
import type { WhatsAppState } from "@/types/api";
import { api } from "./api-client";
import { queryKeys } from "./query-keys";

/**
 * The state of my linked number ("none" before the first Connect), for screens that need one.
 * Same query as the WhatsApp page's (same key and endpoint), read here only for its state.
 */
type MyAccount = { account: { state: WhatsAppState; stateDetail: string | null } | null };

const fetchMyAccount = () => api.get<MyAccount>("/whatsapp/account");

export function useMyNumberState() {
  return useQuery({
    queryKey: queryKeys.whatsapp.account,
    queryFn: fetchMyAccount,
    select: (data): WhatsAppState => data.account?.state ?? "none",
  });
}

/** Why sending is off, in a sentence for the composer. */
export function useSendingOffReason() {
  return useQuery({
    queryKey: queryKeys.whatsapp.account,
    queryFn: fetchMyAccount,
    select: (data): string =>
      data.account?.stateDetail === "wuzapi_unreachable"
        ? "Parley can't reach the WhatsApp service, so messages can't be sent until it answers again."
        : "WhatsApp isn't connected, so messages can't be sent right now.",
  });
}
