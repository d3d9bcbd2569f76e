import { useQuery } from "@tanstack/react-query";
import { api, isApiError } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { WhatsAppState } from "@/types/api";

export type WhatsAppAccount = {
  state: WhatsAppState;
  phoneE164: string | null;
  pushName: string | null;
  connectedAt: string | null;
};

/** My linked number, or null when there is none (including a server without the WhatsApp module yet). */
export function useWhatsAppAccount() {
  return useQuery({
    queryKey: queryKeys.whatsapp.account,
    queryFn: async () => {
      try {
        return (await api.get<{ account: WhatsAppAccount | null }>("/whatsapp/account")).account;
      } catch (error) {
        if (isApiError(error) && error.status === 404) return null;
        throw error;
      }
    },
  });
}
