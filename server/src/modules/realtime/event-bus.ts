import { EventEmitter } from "node:events";
import pg from "pg";
import type { Logger } from "pino";

/**
 * A small event for one user's open tabs. Events are hints, not data: they carry ids and states,
 * and the browser refetches what changed, so nothing big crosses the bus (NOTIFY caps payloads
 * at 8 kB) and a missed event is repaired by the refetch that follows every reconnect.
 */
export interface RealtimeEvent {
  type: string;
  [field: string]: unknown;
}

export type BusListener = (userId: number, event: RealtimeEvent) => void;

export interface EventBus {
  /** Events published together travel together (one NOTIFY) and arrive in order. */
  publish(userId: number, ...events: RealtimeEvent[]): Promise<void>;
  subscribe(listener: BusListener): () => void;
  close(): Promise<void>;
}

/** One process (the embedded default): events go straight to this process's sockets. */
export function createLocalEventBus(): EventBus {
  const emitter = new EventEmitter().setMaxListeners(0);
  return {
    async publish(userId, ...events) {
      for (const event of events) emitter.emit("event", userId, event);
    },
    subscribe(listener) {
      emitter.on("event", listener);
      return () => emitter.off("event", listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

const CHANNEL = "parley_events";
/**
 * Events per NOTIFY: events are hints of ids and states (well under 200 bytes each), so this
 * keeps every payload far from PostgreSQL's 8 kB limit however many are published together.
 */
const EVENTS_PER_NOTIFY = 20;

/**
 * Several server processes sharing one PostgreSQL: every process LISTENs, and a publish is a
 * NOTIFY, so a webhook handled by one process reaches a browser connected to another. A process
 * receives its own notifications too, which is how its local sockets are served.
 */
export async function createPostgresEventBus(
  connectionString: string,
  pool: pg.Pool,
  logger: Logger,
): Promise<EventBus> {
  const emitter = new EventEmitter().setMaxListeners(0);
  let client: pg.Client | null = null;
  let closed = false;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    next.on("notification", (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        const { userId, events } = JSON.parse(message.payload) as { userId: number; events: RealtimeEvent[] };
        for (const event of events) emitter.emit("event", userId, event);
      } catch (error) {
        logger.warn({ err: error }, "ignored a malformed realtime notification");
      }
    });
    next.on("error", (error) => {
      logger.warn({ err: error }, "realtime listener lost its connection; reconnecting");
      client = null;
      next.end().catch(() => {});
      if (!closed) setTimeout(() => void reconnect(), 1_000).unref();
    });
    await next.connect();
    await next.query(`listen ${CHANNEL}`);
    client = next;
  };
  const reconnect = async () => {
    try {
      await connect();
      // Browsers refetch on this event, covering anything published while the listener was down.
      emitter.emit("event", 0, { type: "bus.resynced" });
    } catch (error) {
      logger.warn({ err: error }, "realtime listener could not reconnect; retrying");
      if (!closed) setTimeout(() => void reconnect(), 2_000).unref();
    }
  };
  await connect();

  return {
    async publish(userId, ...events) {
      for (let start = 0; start < events.length; start += EVENTS_PER_NOTIFY) {
        const batch = events.slice(start, start + EVENTS_PER_NOTIFY);
        await pool.query("select pg_notify($1, $2)", [CHANNEL, JSON.stringify({ userId, events: batch })]);
      }
    },
    subscribe(listener) {
      emitter.on("event", listener);
      return () => emitter.off("event", listener);
    },
    async close() {
      closed = true;
      emitter.removeAllListeners();
      await client?.end().catch(() => {});
    },
  };
}
