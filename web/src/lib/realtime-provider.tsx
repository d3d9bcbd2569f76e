import { useQueryClient } from "@tanstack/react-query";
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useEffectEvent,
  useState,
  useSyncExternalStore,
} from "react";
import { reportUnauthorized } from "./api-client";
import { queryKeys } from "./query-keys";
import {
  createRealtimeClient,
  type RealtimeClient,
  type RealtimeEventType,
  type RealtimeHandler,
  type RealtimeStatus,
} from "./realtime";

const RealtimeContext = createContext<RealtimeClient | null>(null);

/**
 * Keeps the tab's live connection while someone is signed in, and applies the hints every screen
 * depends on; feature-specific events are subscribed to with `useRealtimeEvent`.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [client] = useState(() =>
    createRealtimeClient({
      // Events pushed while we were away are lost: refetch what is on screen, mark the rest stale.
      onReconnected: () => queryClient.invalidateQueries(),
      onSignedOut: reportUnauthorized,
    }),
  );

  useEffect(() => {
    const unsubscribers = [
      client.subscribe("account.updated", () => {
        queryClient.invalidateQueries({ queryKey: queryKeys.whatsapp.all });
        queryClient.invalidateQueries({ queryKey: queryKeys.dashboard.all });
      }),
      client.subscribe("contact.updated", () => {
        queryClient.invalidateQueries({ queryKey: queryKeys.whatsapp.contacts.all });
        queryClient.invalidateQueries({ queryKey: queryKeys.contacts.all });
        queryClient.invalidateQueries({ queryKey: queryKeys.favourites.all });
      }),
      client.subscribe("bus.resynced", () => queryClient.invalidateQueries()),
    ];
    client.start();
    return () => {
      client.stop();
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  }, [client, queryClient]);

  return <RealtimeContext.Provider value={client}>{children}</RealtimeContext.Provider>;
}

function useRealtimeClient(): RealtimeClient {
  const client = useContext(RealtimeContext);
  if (!client) throw new Error("Realtime hooks must be used inside <RealtimeProvider>");
  return client;
}

export function useRealtimeStatus(): RealtimeStatus {
  const client = useRealtimeClient();
  return useSyncExternalStore(client.onStatus, client.status);
}

/** Runs `handler` (always its latest version) for each event of `type` while the component is mounted. */
export function useRealtimeEvent<Type extends RealtimeEventType>(type: Type, handler: RealtimeHandler<Type>) {
  const client = useRealtimeClient();
  const onEvent = useEffectEvent(handler);
  useEffect(() => client.subscribe(type, (event) => onEvent(event)), [client, type]);
}
