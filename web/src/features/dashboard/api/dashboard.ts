import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { WhatsAppState } from "@/types/api";

export type DashboardCounts = {
  contacts: number;
  tags: number;
  users: number;
  whatsappContacts: number;
  chats: number;
  unreadChats: number;
  messages: number;
};

export type ActivityEntry = {
  id: number;
  action: string;
  summary: string;
  username: string | null;
  createdAt: string;
};

export type Dashboard = {
  counts: DashboardCounts;
  whatsapp: { state: WhatsAppState; phoneE164: string | null };
  recentActivity: ActivityEntry[];
};

export function useDashboard() {
  return useQuery({
    queryKey: queryKeys.dashboard.all,
    queryFn: () => api.get<Dashboard>("/dashboard"),
  });
}
