import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { WhatsAppState } from "@/types/api";

/** My number as the server shows it (`GET /api/whatsapp/account`). */
export type WhatsAppAccount = {
  state: Exclude<WhatsAppState, "none">;
  /** Why it is in that state: `qr_expired`, `unlinked_from_phone`, `connecting`, or WhatsApp's error. */
  stateDetail: string | null;
  jid: string | null;
  phoneE164: string | null;
  pushName: string | null;
  connectedAt: string | null;
  /** While pairing: the current code as a PNG data URL; `expiresAt` is when WhatsApp rotates it. */
  qr: { image: string; expiresAt: string | null } | null;
  import: { state: string; total: number; done: number };
  /** Events that arrived without a signature (accepted, but worth knowing about). */
  unsignedWebhooks: number;
};

export type WhatsAppAccountResponse = {
  /** null until the first Connect. */
  account: WhatsAppAccount | null;
  /** The built-in simulator stands in for WhatsApp: a "Simulate scan" button can play the phone. */
  demo: boolean;
};

export function useWhatsAppAccount() {
  return useQuery({
    queryKey: queryKeys.whatsapp.account,
    queryFn: () => api.get<WhatsAppAccountResponse>("/whatsapp/account"),
  });
}

/** The one-click lifecycle actions; each is `POST /api/whatsapp/<action>`. */
export type AccountAction = "connect" | "disconnect" | "unlink" | "demo-scan";

/**
 * One mutation for all lifecycle actions, so the page has one pending action and one error to
 * show. The answer replaces the cached account at once; live events bring later changes.
 */
export function useAccountAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: AccountAction) => api.post<{ account?: WhatsAppAccount }>(`/whatsapp/${action}`),
    onSuccess: ({ account }) => {
      if (account) {
        queryClient.setQueryData<WhatsAppAccountResponse>(queryKeys.whatsapp.account, (previous) => ({
          account,
          demo: previous?.demo ?? false,
        }));
      }
      queryClient.invalidateQueries({ queryKey: queryKeys.whatsapp.teamNumbers });
      queryClient.invalidateQueries({ queryKey: queryKeys.dashboard.all });
    },
  });
}

/** Asks for an 8-character code to type on the phone, for when scanning is not an option. */
export function usePairingCode() {
  return useMutation({
    mutationFn: async (phone: string) =>
      (await api.post<{ linkingCode: string }>("/whatsapp/pair-phone", { phone })).linkingCode,
  });
}
