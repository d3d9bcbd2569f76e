import type { WhatsAppState } from "@/types/api";

/**
 * What the server can push over `/api/ws`. Events are hints ("this changed"), not data: handlers
 * usually invalidate queries. A feature adds its own events by augmenting this interface:
 *
 *   declare module "@/lib/realtime" {
 *     interface RealtimeEventMap { "message.created": { chatId: number } }
 *   }
 */
export interface RealtimeEventMap {
  hello: { userId: number; serverTime: string };
  "account.updated": { state: WhatsAppState };
  /** My WhatsApp contacts or their matches with the contact book changed (a pull, a link, an edit). */
  "contact.updated": { reason: string };
  /** The server's event feed restarted and may have dropped events: refetch everything. */
  "bus.resynced": Record<string, never>;
}

export type RealtimeEventType = keyof RealtimeEventMap;
export type RealtimeEvent<Type extends RealtimeEventType> = { type: Type } & RealtimeEventMap[Type];
export type RealtimeHandler<Type extends RealtimeEventType> = (event: RealtimeEvent<Type>) => void;

/** `connecting` only before the first open; every later gap is `reconnecting`. */
export type RealtimeStatus = "connecting" | "connected" | "reconnecting";

type RealtimeCallbacks = {
  /** The socket is open again after a gap: whatever happened meanwhile was not pushed. */
  onReconnected: () => void;
  /** The server refused the socket because the session is gone. */
  onSignedOut: () => void;
};

export type RealtimeClient = ReturnType<typeof createRealtimeClient>;

/** Close codes after which trying again cannot help. */
const CLOSE_SIGNED_OUT = 4401;
const CLOSE_CROSS_SITE = 4403;

const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 30_000;

/** Exponential backoff with "equal jitter": tabs that lost the server together don't return together. */
export function reconnectDelay(attempt: number, random = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

function socketUrl(): string {
  const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${protocol}//${window.location.host}/api/ws`;
}

/**
 * One WebSocket for the tab (the browser sends the session cookie with the handshake), kept open
 * with capped exponential backoff. Server messages go to the handlers registered for their type;
 * unknown types are ignored, so an older tab survives a newer server.
 */
export function createRealtimeClient(callbacks: RealtimeCallbacks) {
  const handlers = new Map<string, Set<(event: never) => void>>();
  const statusListeners = new Set<(status: RealtimeStatus) => void>();
  let status: RealtimeStatus = "connecting";
  let socket: WebSocket | null = null;
  let retryTimer: number | undefined;
  let failedAttempts = 0;
  let everOpened = false;
  let stopped = true;

  const setStatus = (next: RealtimeStatus) => {
    if (next === status) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  const dispatch = (raw: unknown) => {
    let event: { type?: unknown };
    try {
      event = JSON.parse(String(raw));
    } catch {
      return;
    }
    if (typeof event?.type !== "string") return;
    // The server accepted us and speaks: the connection is healthy, so the backoff starts over.
    if (event.type === "hello") failedAttempts = 0;
    for (const handler of handlers.get(event.type) ?? []) handler(event as never);
  };

  const scheduleRetry = () => {
    setStatus(everOpened ? "reconnecting" : "connecting");
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(open, reconnectDelay(failedAttempts++));
  };

  function open() {
    if (stopped) return;
    window.clearTimeout(retryTimer);
    const ws = new WebSocket(socketUrl());
    socket = ws;
    ws.onopen = () => {
      setStatus("connected");
      if (everOpened) callbacks.onReconnected();
      everOpened = true;
    };
    ws.onmessage = (message) => dispatch(message.data);
    ws.onclose = (close) => {
      if (socket !== ws) return;
      socket = null;
      if (stopped) return;
      if (close.code === CLOSE_SIGNED_OUT || close.code === CLOSE_CROSS_SITE) {
        stopped = true;
        if (close.code === CLOSE_SIGNED_OUT) callbacks.onSignedOut();
        return;
      }
      scheduleRetry();
    };
  }

  // Back online or back to the tab: don't sit out the rest of a long backoff.
  const retryNow = () => {
    if (!stopped && socket === null && document.visibilityState === "visible") {
      failedAttempts = 0;
      open();
    }
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      window.addEventListener("online", retryNow);
      document.addEventListener("visibilitychange", retryNow);
      open();
    },
    stop() {
      stopped = true;
      window.clearTimeout(retryTimer);
      window.removeEventListener("online", retryNow);
      document.removeEventListener("visibilitychange", retryNow);
      const ws = socket;
      socket = null;
      if (!ws) return;
      // Closing a socket that is still connecting makes the browser log an error: wait for it.
      if (ws.readyState === WebSocket.CONNECTING) ws.onopen = () => ws.close(1000);
      else ws.close(1000);
    },
    /** Calls `handler` for every event of this type until the returned function is called. */
    subscribe<Type extends RealtimeEventType>(type: Type, handler: RealtimeHandler<Type>): () => void {
      const forType = handlers.get(type) ?? new Set();
      forType.add(handler as (event: never) => void);
      handlers.set(type, forType);
      return () => {
        forType.delete(handler as (event: never) => void);
      };
    },
    status: () => status,
    onStatus(listener: (status: RealtimeStatus) => void): () => void {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
  };
}
