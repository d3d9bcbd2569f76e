import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { WhatsAppState } from "@/types/api";

/** One staff member's number for admins: its state, never its messages. */
export type TeamNumber = {
  userId: number;
  username: string;
  fullName: string;
  state: WhatsAppState;
  stateDetail: string | null;
  phoneE164: string | null;
  connectedAt: string | null;
  updatedAt: string | null;
};

/** Admins only: the server answers anyone else with 403. */
export function useTeamNumbers() {
  return useQuery({
    queryKey: queryKeys.whatsapp.teamNumbers,
    queryFn: async () => (await api.get<{ accounts: TeamNumber[] }>("/whatsapp/accounts")).accounts,
    // Other people's numbers change without telling this tab: look again now and then.
    refetchInterval: 30_000,
  });
}
