import type { SimulatorControl } from "@parley/wuzapi-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatItem, MessageItem } from "../../src/modules/chats/chats.service.js";
import { createTestApp, simulatorOf, type TestApp } from "../support/app.js";
import { linkNumber, settle } from "../support/linked-number.js";
import { openRealtime } from "../support/realtime.js";
import { expectStoredExactlyOnce } from "./support.js";

/** Numbers none of the simulated phones knows: their first message starts a chat. */
const NEWCOMERS = ["5511900007001", "5511900007002", "5511900007003"];
const MISSED_PER_SENDER = 4;

/**
 * A tab loses its WebSocket; messages arrive meanwhile; it reconnects. Nothing is replayed over the
 * socket: on reconnect the web client refetches every query (web/src/lib/realtime-provider.tsx,
 * `onReconnected`). This proves what that refetch relies on: the chat list and each chat's
 * messages, read after the gap, hold every missed message exactly once, with the right unread
 * counts; and live events flow again on the new socket.
 */
describe("fault: the WebSocket drops and the tab catches up on reconnect", () => {
  let t: TestApp;
  let sim: SimulatorControl;
  let linked: Awaited<ReturnType<typeof linkNumber>>;

  const chatList = async () => {
    const response = await t.call(linked.cookie, "GET", "/api/chats?limit=100");
    expect(response.statusCode).toBe(200);
    return (response.json() as { items: ChatItem[] }).items;
  };
  const messagesOf = async (chatId: number) => {
    const response = await t.call(linked.cookie, "GET", `/api/chats/${chatId}/messages?limit=100`);
    expect(response.statusCode).toBe(200);
    return (response.json() as { items: MessageItem[] }).items;
  };

  beforeAll(async () => {
    t = await createTestApp();
    sim = simulatorOf(t);
    linked = await linkNumber(t, sim, "bruno");
  });
  afterAll(() => t?.close());

  it("shows every message that arrived while the socket was gone, once, after reconnecting", async () => {
    const tab = await openRealtime(t.parley.url, linked.cookie);
    await tab.waitFor((event) => event.type === "hello");
    const known = await chatList();
    const knownPeer = sim.user(linked.wuzapiUserId).peers[0]?.number as string;
    const knownChat = known.find((chat) => chat.jid === `${knownPeer}@s.whatsapp.net`);
    expect(knownChat, "the known contact's chat came with the history").toBeDefined();

    // The network drops: the server sees the socket go away.
    tab.socket.terminate();
    await new Promise((resolve) => tab.socket.once("close", resolve));

    const sent: string[] = [];
    for (let round = 0; round < MISSED_PER_SENDER; round++) {
      for (const from of [...NEWCOMERS, knownPeer])
        sent.push(sim.inbound(linked.wuzapiUserId, { from, text: `missed ${round} from ${from}` }).id);
    }
    await settle(t, sim);
    expect(tab.events.filter((event) => event.type === "message.created")).toEqual([]);

    const back = await openRealtime(t.parley.url, linked.cookie);
    await back.waitFor((event) => event.type === "hello");
    // Nothing from the gap is replayed: the client has to refetch, which is what it does.
    expect(back.events.filter((event) => /^(message|chat)\./.test(event.type))).toEqual([]);

    // The refetch: the chat list, then the messages of each chat.
    const chats = await chatList();
    const seen: string[] = [];
    for (const from of [...NEWCOMERS, knownPeer]) {
      const chat = chats.find((item) => item.jid === `${from}@s.whatsapp.net`);
      expect(chat, `chat with ${from}`).toBeDefined();
      const item = chat as ChatItem;
      const before = from === knownPeer ? (knownChat as ChatItem).unreadCount : 0;
      expect(item.unreadCount).toBe(before + MISSED_PER_SENDER);
      expect(item.lastMessagePreview).toBe(`missed ${MISSED_PER_SENDER - 1} from ${from}`);
      const missed = (await messagesOf(item.id)).filter((message) => message.text?.startsWith("missed "));
      expect(missed.map((message) => message.text)).toEqual(
        Array.from({ length: MISSED_PER_SENDER }, (_, round) => `missed ${round} from ${from}`),
      );
      seen.push(...missed.map((message) => message.waId));
    }
    // Newest activity first: the chats that got the missed messages lead the list.
    expect(new Set(chats.slice(0, 4).map((chat) => chat.jid))).toEqual(
      new Set([...NEWCOMERS, knownPeer].map((from) => `${from}@s.whatsapp.net`)),
    );
    console.info(
      `[fault] websocket gap: sent ${sent.length}, seen through the API after reconnect ${seen.length}`,
    );
    expect([...seen].sort()).toEqual([...sent].sort());
    await expectStoredExactlyOnce("websocket gap", t.services.database.db, linked.account.id, sent);

    // Live again: the next message is pushed on the new socket.
    const live = sim.inbound(linked.wuzapiUserId, { from: knownPeer, text: "after the gap" }).id;
    await settle(t, sim);
    const created = await back.waitFor((event) => event.type === "message.created");
    const chat = chats.find((item) => item.jid === `${knownPeer}@s.whatsapp.net`) as ChatItem;
    expect(created.chatId).toBe(chat.id);
    expect((await messagesOf(chat.id)).at(-1)?.waId).toBe(live);
    back.close();
  });
});
