import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App } from "antd";
import { api, errorMessage } from "./api-client";
import { queryKeys } from "./query-keys";

/** One of my pinned contacts (`GET /api/favourites`), in my order. */
export type Favourite = {
  id: number;
  position: number;
  kind: "contact" | "whatsapp";
  contactRefId: number | null;
  contactWhatsappId: number | null;
  name: string;
  phoneE164: string | null;
  tagId: number | null;
  company: string | null;
};

/** What a star pins: a contact-book card, or a WhatsApp contact that has none. */
export type FavouriteTarget = { contactRefId: number } | { contactWhatsappId: number };

/** Star toggles and the favourites list share this query, so a star anywhere updates them all. */
export function useFavourites() {
  return useQuery({
    queryKey: queryKeys.favourites.all,
    queryFn: async () => (await api.get<{ items: Favourite[] }>("/favourites")).items,
  });
}

function pins(favourite: Favourite, target: FavouriteTarget): boolean {
  return "contactRefId" in target
    ? favourite.contactRefId === target.contactRefId
    : favourite.contactWhatsappId === target.contactWhatsappId;
}

/**
 * Runs a change on the cached favourites at once, and puts the old list back if the server
 * refuses it; either way the list (and the chat list, which shows them first) is fetched again afterwards.
 */
function useOptimisticFavourites<Variables>(
  mutationFn: (variables: Variables) => Promise<unknown>,
  apply: (favourites: Favourite[], variables: Variables) => Favourite[],
) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const key = queryKeys.favourites.all;
  return useMutation({
    mutationFn,
    onMutate: async (variables: Variables) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Favourite[]>(key);
      if (previous) queryClient.setQueryData(key, apply(previous, variables));
      return { previous };
    },
    onError: (error, _variables, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
      message.error(errorMessage(error));
    },
    onSettled: () => {
      queryClient.invalidateQueries({ queryKey: key });
      // The chat list puts favourites first.
      queryClient.invalidateQueries({ queryKey: queryKeys.chats.lists });
    },
  });
}

type ToggleVariables = { target: FavouriteTarget; existing: Favourite | undefined; name: string };

/** The star: whether a contact is pinned, and the switch that pins or unpins it. */
export function useFavouriteToggle() {
  const favourites = useFavourites();
  const mutation = useOptimisticFavourites(
    ({ target, existing }: ToggleVariables) =>
      existing ? api.delete(`/favourites/${existing.id}`) : api.put("/favourites", target),
    (list, { target, existing, name }) =>
      existing
        ? list.filter((favourite) => favourite.id !== existing.id)
        : [...list, placeholderFavourite(target, name, list.length)],
  );
  const find = (target: FavouriteTarget) => favourites.data?.find((favourite) => pins(favourite, target));
  return {
    isFavourite: (target: FavouriteTarget) => find(target) !== undefined,
    toggle: (target: FavouriteTarget, name: string) => {
      const existing = find(target);
      // A pin still being saved has no id to delete yet: the second click waits for it.
      if (existing && existing.id < 0) return;
      mutation.mutate({ target, existing, name });
    },
    /** Until the list has loaded a star cannot know which way to switch. */
    ready: favourites.isSuccess,
  };
}

/** Stands in for a new favourite until the server's answer replaces it (negative id: not saved yet). */
function placeholderFavourite(target: FavouriteTarget, name: string, position: number): Favourite {
  return {
    id: -Date.now(),
    position,
    kind: "contactRefId" in target ? "contact" : "whatsapp",
    contactRefId: "contactRefId" in target ? target.contactRefId : null,
    contactWhatsappId: "contactWhatsappId" in target ? target.contactWhatsappId : null,
    name,
    phoneE164: null,
    tagId: null,
    company: null,
  };
}

export function useRemoveFavourite() {
  return useOptimisticFavourites(
    (favourite: Favourite) => api.delete(`/favourites/${favourite.id}`),
    (list, removed) => list.filter((favourite) => favourite.id !== removed.id),
  );
}

/** Saves a new order: `ordered` is every favourite, in the order the user wants. */
export function useReorderFavourites() {
  return useOptimisticFavourites(
    (ordered: Favourite[]) => api.put("/favourites/order", { ids: ordered.map((favourite) => favourite.id) }),
    (_list, ordered) => ordered,
  );
}
