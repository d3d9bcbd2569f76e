import type { SimulatorControl } from "@parley/wuzapi-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import type { ChatItem, MessageItem } from "../../src/modules/chats/chats.service.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { linkNumber } from "../support/linked-number.js";
import { eventually, openRealtime } from "../support/realtime.js";
import { WENT_OUT } from "../support/statuses.js";
import {
  expectStoredExactlyOnce,
  freePort,
  needsPostgres,
  postgresUrl,
  startStandaloneSimulator,
} from "./support.js";

const MESSAGES = 12;

/**
 * Two server instances on one PostgreSQL database, as behind a load balancer: WuzAPI posts every
 * webhook to B only, the tabs are on A (and one on B). Events cross over the PostgreSQL bus
 * (LISTEN/NOTIFY); each user's events reach that user's sockets only.
 */
describe.skipIf(!postgresUrl)(`fault: two instances share one database${needsPostgres}`, () => {
  let simulator: Awaited<ReturnType<typeof startStandaloneSimulator>>;
  let sim: SimulatorControl;
  let a: TestApp;
  let b: TestApp;
  let linked: Awaited<ReturnType<typeof linkNumber>>;

  beforeAll(async () => {
    simulator = await startStandaloneSimulator();
    sim = simulator.sim.control;
    const portB = await freePort();
    const env = { ...simulator.env, WEBHOOK_BASE_URL: `http://127.0.0.1:${portB}` };
    a = await createTestApp(env);
    const url = a.services.database.pool?.options.connectionString as string;
    b = await createTestApp(
      { ...env, PORT: String(portB) },
      { database: await openDatabase({ kind: "postgres", url, poolSize: 5 }) },
    );
    linked = await linkNumber(a, sim, "bruno");
    await b.services.inboxWorker.idle();
  });
  afterAll(async () => {
    // B first: A's database handle drops the database.
    await b?.close();
    await a?.close();
    await simulator?.sim.close();
  });

  it("delivers a message that came in through B to the owner's socket on A, and to nobody else", async () => {
    expect(sim.user(linked.wuzapiUserId).webhook.startsWith(`${b.parley.url}/api/webhooks/`)).toBe(true);
    const chen = await a.login("chen");
    const brunoOnA = await openRealtime(a.parley.url, linked.cookie);
    const chenOnA = await openRealtime(a.parley.url, chen);
    await brunoOnA.waitFor((event) => event.type === "hello");
    await chenOnA.waitFor((event) => event.type === "hello");

    const from = sim.user(linked.wuzapiUserId).peers[0]?.number as string;
    const sent = Array.from(
      { length: MESSAGES },
      (_, index) => sim.inbound(linked.wuzapiUserId, { from, text: `through B ${index}` }).id,
    );
    await sim.webhooksIdle();
    const created = () =>
      new Set(brunoOnA.events.filter((e) => e.type === "message.created").map((e) => e.messageId));
    await eventually(async () => created().size === MESSAGES, 10_000);

    // What A's socket was told is what A's API serves.
    const chat = (
      (await a.call(linked.cookie, "GET", "/api/chats?limit=100")).json() as { items: ChatItem[] }
    ).items.find((item) => item.jid === `${from}@s.whatsapp.net`) as ChatItem;
    const messages = (
      (await a.call(linked.cookie, "GET", `/api/chats/${chat.id}/messages?limit=100`)).json() as {
        items: MessageItem[];
      }
    ).items.filter((message) => sent.includes(message.waId));
    expect(new Set(messages.map((message) => message.id))).toEqual(created());
    await expectStoredExactlyOnce(
      "two instances, in through B",
      a.services.database.db,
      linked.account.id,
      sent,
    );

    // Ownership: chen's socket on the same instance heard nothing of bruno's chats.
    // (A feed restart's bus.resynced goes to everyone and names nobody's data.)
    expect(chenOnA.events.filter((event) => !["hello", "bus.resynced"].includes(event.type))).toEqual([]);
    brunoOnA.close();
    chenOnA.close();
  });

  it("shows a send made through A, and its receipts handled by B, on the owner's socket on B", async () => {
    const brunoOnB = await openRealtime(b.parley.url, linked.cookie);
    await brunoOnB.waitFor((event) => event.type === "hello");
    const from = sim.user(linked.wuzapiUserId).peers[0]?.number as string;
    const chat = (
      (await a.call(linked.cookie, "GET", "/api/chats?limit=100")).json() as { items: ChatItem[] }
    ).items.find((item) => item.jid === `${from}@s.whatsapp.net`) as ChatItem;

    const response = await a.call(linked.cookie, "POST", `/api/chats/${chat.id}/messages`, {
      text: "sent through A",
    });
    expect(response.statusCode, response.body).toBe(201);
    const { message } = response.json() as { message: MessageItem };
    expect(message.status).toMatch(WENT_OUT);
    await brunoOnB.waitFor((event) => event.type === "message.created" && event.messageId === message.id);
    await brunoOnB.waitFor((event) => event.type === "message.updated" && event.messageId === message.id);

    // The phone's receipts come back as webhooks to B; B's socket hears each step and B's API shows it.
    await eventually(async () => {
      const items = (
        (await b.call(linked.cookie, "GET", `/api/chats/${chat.id}/messages?limit=100`)).json() as {
          items: MessageItem[];
        }
      ).items;
      return items.find((item) => item.id === message.id)?.status === "read";
    }, 10_000);
    // Sent (from A), then delivered and read (from B). The API can show "read" a moment before
    // its event reaches the socket, so the events are waited for.
    const updates = () =>
      brunoOnB.events.filter((event) => event.type === "message.updated" && event.messageId === message.id);
    await eventually(async () => updates().length >= 3, 5_000);
    await expectStoredExactlyOnce(
      "two instances, sent through A",
      b.services.database.db,
      linked.account.id,
      [message.waId],
    );
    brunoOnB.close();
  });
});
