import { useQuery } from "@tanstack/react-query";
import type { Tag } from "@/types/api";
import { api } from "./api-client";
import { queryKeys } from "./query-keys";

/** The organisation's tags: managed on the Tags page, shown and picked on contacts. */
export function useTags() {
  return useQuery({
    queryKey: queryKeys.tags.all,
    queryFn: async () => (await api.get<{ tags: Tag[] }>("/tags")).tags,
    staleTime: 60_000,
  });
}
