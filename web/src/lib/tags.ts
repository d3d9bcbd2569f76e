import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
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

/** The tags by id, for lists that show each row's tag. */
export function useTagsById(): Map<number, Tag> {
  const tags = useTags();
  return useMemo(() => new Map(tags.data?.map((tag) => [tag.id, tag])), [tags.data]);
}
