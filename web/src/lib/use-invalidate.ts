import { type QueryKey, useQueryClient } from "@tanstack/react-query";

/** A callback that marks these queries stale (and refetches the ones on screen), e.g. after a write. */
export function useInvalidate(...queryKeys: QueryKey[]) {
  const queryClient = useQueryClient();
  return () => Promise.all(queryKeys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}
