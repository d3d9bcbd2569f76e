import pg from "pg";
import pino from "pino";
import { describe, expect, it } from "vitest";
import {
  createLocalEventBus,
  createPostgresEventBus,
  type EventBus,
  type RealtimeEvent,
} from "../src/modules/realtime/event-bus.js";
import { withDatabase } from "./global-setup.js";

const serverUrl = process.env.TEST_DATABASE_URL;

/** Collects what a bus delivers, as [userId, event type] pairs. */
function listen(bus: EventBus) {
  const received: Array<[number, string]> = [];
  bus.subscribe((userId, event) => received.push([userId, event.type]));
  return received;
}

const created: RealtimeEvent = { type: "message.created", chatId: 1, messageId: 2 };
const updated: RealtimeEvent = { type: "chat.updated", chatId: 1 };

describe("the local event bus", () => {
  it("delivers events published together in order, and nothing for none", async () => {
    const bus = createLocalEventBus();
    const received = listen(bus);
    await bus.publish(7, created, updated);
    await bus.publish(7);
    expect(received).toEqual([
      [7, "message.created"],
      [7, "chat.updated"],
    ]);
  });
});

describe.skipIf(!serverUrl)("the PostgreSQL event bus (skipped without TEST_DATABASE_URL)", () => {
  it("carries events published together in one notification, in order, to every process", async () => {
    const url = withDatabase(serverUrl as string, "postgres");
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const logger = pino({ level: "silent" });
    const [a, b] = [
      await createPostgresEventBus(url, pool, logger),
      await createPostgresEventBus(url, pool, logger),
    ];
    const notifications: string[] = [];
    const watcher = new pg.Client({ connectionString: url });
    try {
      const [onA, onB] = [listen(a), listen(b)];
      await watcher.connect();
      await watcher.query("listen parley_events");
      watcher.on("notification", (message) => notifications.push(message.payload ?? ""));

      await a.publish(7, created, updated);
      await a.publish(7);
      await b.publish(8, updated);
      // Many at once: split over several notifications, still in order.
      const many = Array.from({ length: 45 }, (_, i) => ({ type: `chat.updated.${i}`, chatId: i }));
      await a.publish(9, ...many);
      const all = 3 + many.length;
      for (let i = 0; i < 100 && (onA.length < all || onB.length < all || notifications.length < 5); i++)
        await new Promise((resolve) => setTimeout(resolve, 20));

      const expected = [
        [7, "message.created"],
        [7, "chat.updated"],
        [8, "chat.updated"],
        ...many.map((event) => [9, event.type]),
      ];
      expect(onA).toEqual(expected);
      expect(onB).toEqual(expected);
      // The empty publish sent nothing; 45 events went as 20, 20 and 5.
      expect(notifications.map((payload) => JSON.parse(payload).events.length)).toEqual([2, 1, 20, 20, 5]);
    } finally {
      await watcher.end();
      await a.close();
      await b.close();
      await pool.end();
    }
  });
});
