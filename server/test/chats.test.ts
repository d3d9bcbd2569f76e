import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountRow } from "../src/db/schema.js";
import type { ChatItem, MessageItem } from "../src/modules/chats/chats.service.js";
import { createTestApp, simulatorOf, type TestApp } from "./support/app.js";
import { linkNumber, settle as settleAll } from "./support/linked-number.js";
import { eventually, openRealtime } from "./support/realtime.js";

/** A number none of the simulated phones knows: its first message starts a new chat. */
const STRANGER = "5511900004321";

describe("chats and messages", () => {
  let t: TestApp;
  let bruno: string;
  let chen: string;
  let account: AccountRow;
  let sim: NonNullable<TestApp["parley"]["simulator"]>["control"];

  const settle = () => settleAll(t, sim);
  const chats = async (cookie: string, query = "") => {
    const response = await t.call(cookie, "GET", `/api/chats?limit=100${query}`);
    expect(response.statusCode).toBe(200);
    return response.json() as { items: ChatItem[]; nextCursor: string | null };
  };
  const chatOf = async (jid: string) =>
    (await chats(bruno)).items.find((chat) => chat.jid === jid) as ChatItem;
  const messages = async (chatId: number, query = "") =>
    (await t.call(bruno, "GET", `/api/chats/${chatId}/messages${query}`)).json() as {
      items: MessageItem[];
      hasMore: boolean;
    };
  const storedCount = async (waId: string) =>
    Number(
      (
        await t.services.database.db
          .selectFrom("message")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("account_id", "=", account.id)
          .where("wa_id", "=", waId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const postWebhook = (body: object) =>
    t.app.inject({
      method: "POST",
      url: `/api/webhooks/wuzapi/${account.webhook_secret}`,
      payload: JSON.stringify({ ...body, userID: account.wuzapi_user_id, instanceName: "bruno" }),
      headers: { "content-type": "application/json" },
    });
  const inbound = async (from: string, text: string) => {
    const { id } = sim.inbound(account.wuzapi_user_id as string, { from, text });
    await settle();
    return id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    sim = simulatorOf(t);
    bruno = await t.login("bruno");
    chen = await t.login("chen");
    account = (await linkNumber(t, sim, "bruno")).account;
  });
  afterAll(() => t.close());

  it("imports past chats and their messages after the scan, without an unread storm", async () => {
    const { items } = await chats(bruno);
    expect(items.length).toBeGreaterThanOrEqual(20);
    expect(items.some((chat) => chat.isGroup)).toBe(true);
    // 1:1 chats are keyed by phone JID, even those WhatsApp addresses by LID.
    expect(items.filter((chat) => chat.jid.endsWith("@lid"))).toEqual([]);
    // History keeps the phone's own unread counts (0–3 here), never one per old message.
    for (const chat of items) expect(chat.unreadCount).toBeLessThanOrEqual(3);
    const withMessages = items.filter((chat) => chat.lastMessageAt !== null);
    expect(withMessages.length).toBe(items.length);
    const first = items[0] as ChatItem;
    expect(first.title).not.toBe("");
    const page = await messages(first.id);
    expect(page.items.length).toBeGreaterThan(0);
    const times = page.items.map((message) => Date.parse(message.sentAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("stores a large history sync in batches, once, without touching unread counts", async () => {
    const countAll = async () =>
      Number(
        (
          await t.services.database.db
            .selectFrom("message")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("account_id", "=", account.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await chats(bruno);
    const stored = await countAll();
    const summary = await sim.historySync(account.wuzapi_user_id as string, {
      conversations: 2,
      messagesPerConversation: 1200,
    });
    await settle();
    const added = (await countAll()) - stored;
    // Reactions change their target instead of adding a row.
    expect(added).toBeGreaterThan(summary.messages * 0.8);
    expect(added).toBeLessThanOrEqual(summary.messages);
    const after = await chats(bruno);
    for (const chat of before.items)
      expect(after.items.find((item) => item.id === chat.id)?.unreadCount).toBe(chat.unreadCount);
  });

  it("stores a live inbound message: new chat with one unread, message.created to the owner only", async () => {
    const brunoTab = await openRealtime(t.parley.url, bruno);
    const chenTab = await openRealtime(t.parley.url, chen);
    const id = await inbound(STRANGER, "hello from a stranger about invoice 7731");
    const chat = await chatOf(`${STRANGER}@s.whatsapp.net`);
    expect(chat).toMatchObject({
      unreadCount: 1,
      lastMessagePreview: "hello from a stranger about invoice 7731",
      lastMessageFromMe: false,
      lastMessageStatus: "received",
      phoneE164: `+${STRANGER}`,
    });
    const created = await brunoTab.waitFor(
      (event) => event.type === "message.created" && event.chatId === chat.id,
    );
    const [message] = (await messages(chat.id)).items.slice(-1);
    expect(message).toMatchObject({ id: created.messageId, waId: id, fromMe: false, type: "text" });
    expect(
      chenTab.events.filter((event) => event.type.startsWith("message.") || event.type.startsWith("chat.")),
    ).toEqual([]);
    brunoTab.close();
    chenTab.close();
  });

  it("never duplicates a re-delivered webhook or history that overlaps live messages", async () => {
    const id = await inbound(STRANGER, "delivered twice");
    const rows = await t.services.database.db
      .selectFrom("wa_event")
      .select("payload")
      .where("account_id", "=", account.id)
      .where("event_type", "=", "Message")
      .execute();
    const original = rows
      .map((row) => row.payload as { event: { Info: { ID: string } } })
      .find((p) => p.event.Info.ID === id);
    expect(original).toBeDefined();
    const before = await chatOf(`${STRANGER}@s.whatsapp.net`);
    expect((await postWebhook(original as object)).statusCode).toBe(200);
    expect((await postWebhook(original as object)).statusCode).toBe(200);
    await postWebhook({
      type: "HistorySync",
      event: {
        Data: {
          syncType: 3,
          conversations: [
            {
              ID: `${STRANGER}@s.whatsapp.net`,
              unreadCount: 9,
              messages: [
                {
                  message: {
                    key: { remoteJID: `${STRANGER}@s.whatsapp.net`, fromMe: false, ID: id },
                    message: { conversation: "delivered twice" },
                    messageTimestamp: Math.floor(Date.now() / 1000),
                  },
                },
              ],
            },
          ],
        },
      },
    });
    await settle();
    expect(await storedCount(id)).toBe(1);
    expect((await chatOf(`${STRANGER}@s.whatsapp.net`)).unreadCount).toBe(before.unreadCount);
  });

  it("applies reactions, edits and revokes to their target instead of adding bubbles", async () => {
    const jid = `${STRANGER}@s.whatsapp.net`;
    const edited = await inbound(STRANGER, "original words");
    const revoked = await inbound(STRANGER, "regrettable words");
    const before = await chatOf(jid);
    const total = (await messages(before.id, "?limit=100")).items.length;
    const own = account.jid as string;
    const change = (id: string, fromMe: boolean, message: object, edit = "") =>
      postWebhook({
        type: "Message",
        event: {
          Info: {
            Chat: jid,
            Sender: fromMe ? own : jid,
            IsFromMe: fromMe,
            IsGroup: false,
            ID: id,
            PushName: "Stranger",
            Timestamp: new Date().toISOString(),
            Edit: edit,
          },
          Message: message,
        },
      });
    const key = (id: string) => ({ remoteJID: jid, fromMe: false, ID: id });
    await change("3AREACT1", false, { reactionMessage: { key: key(edited), text: "❤️" } });
    await change("3EB0REACT2", true, { reactionMessage: { key: key(edited), text: "❤️" } });
    await change(
      "3AEDIT1",
      false,
      { protocolMessage: { key: key(edited), type: 14, editedMessage: { conversation: "better words" } } },
      "1",
    );
    await change("3AREVOKE1", false, { protocolMessage: { key: key(revoked), type: 0 } }, "7");
    await settle();
    const after = (await messages(before.id, "?limit=100")).items;
    expect(after).toHaveLength(total);
    expect(after.find((message) => message.waId === edited)).toMatchObject({
      text: "better words",
      reactions: [{ emoji: "❤️", count: 2, mine: true }],
    });
    expect(after.find((message) => message.waId === edited)?.editedAt).not.toBeNull();
    const gone = after.find((message) => message.waId === revoked);
    expect(gone?.text).toBeNull();
    expect(gone?.deletedAt).not.toBeNull();
    expect((await chatOf(jid)).unreadCount).toBe(before.unreadCount);
  });

  it("writes neither a known sender's contact nor, for a reaction, their chat row again", async () => {
    const jid = `${STRANGER}@s.whatsapp.net`;
    const target = await inbound(STRANGER, "hello once more");
    // xmin changes when a row is rewritten, xmax when it is locked (an upsert that updates nothing still locks).
    const versions = async () => ({
      contact: (
        await sql<{ xmin: string; xmax: string }>`select xmin::text, xmax::text from contact_whatsapp
          where account_id = ${account.id} and jid = ${jid}`.execute(t.services.database.db)
      ).rows,
      chat: (
        await sql<{ xmin: string; xmax: string }>`select xmin::text, xmax::text from chat
          where account_id = ${account.id} and jid = ${jid}`.execute(t.services.database.db)
      ).rows,
    });
    const before = await versions();
    expect(before.contact).toHaveLength(1);
    const { push_name: pushName } = await t.services.database.db
      .selectFrom("contact_whatsapp")
      .select("push_name")
      .where("account_id", "=", account.id)
      .where("jid", "=", jid)
      .executeTakeFirstOrThrow();
    await postWebhook({
      type: "Message",
      event: {
        Info: {
          Chat: jid,
          Sender: jid,
          IsFromMe: false,
          IsGroup: false,
          ID: "3AUNCHANGEDREACT",
          PushName: pushName,
          Timestamp: new Date().toISOString(),
          Edit: "",
        },
        Message: { reactionMessage: { key: { remoteJID: jid, fromMe: false, ID: target }, text: "👍" } },
      },
    });
    await settle();
    expect(
      (await messages((await chatOf(jid)).id, "?limit=100")).items.find((m) => m.waId === target)?.reactions,
    ).toEqual([{ emoji: "👍", count: 1, mine: false }]);
    expect(await versions()).toEqual(before);
  });

  it("shows a message typed on the phone as my own, without adding to unread", async () => {
    const before = await chatOf(`${STRANGER}@s.whatsapp.net`);
    const { id } = sim.phoneSend(account.wuzapi_user_id as string, {
      to: STRANGER,
      text: "typed on the phone",
    });
    await settle();
    const chat = await chatOf(`${STRANGER}@s.whatsapp.net`);
    expect(chat).toMatchObject({
      unreadCount: before.unreadCount,
      lastMessageFromMe: true,
      lastMessagePreview: "typed on the phone",
    });
    const mine = (await messages(chat.id)).items.find((message) => message.waId === id);
    expect(mine).toMatchObject({ fromMe: true, status: "sent", text: "typed on the phone" });
  });

  it("marks a chat read here and on WhatsApp, even with WuzAPI down", async () => {
    const chat = await chatOf(`${STRANGER}@s.whatsapp.net`);
    expect(chat.unreadCount).toBeGreaterThan(0);
    sim.faults({ down: true });
    try {
      expect((await t.call(bruno, "POST", `/api/chats/${chat.id}/read`)).statusCode).toBe(204);
    } finally {
      sim.faults({ down: false });
    }
    expect((await chatOf(chat.jid)).unreadCount).toBe(0);
  });

  it("clears the unread count when the chat is read on the phone (ReadSelf)", async () => {
    const jid = `${STRANGER}@s.whatsapp.net`;
    const id = await inbound(STRANGER, "read this on your phone");
    expect((await chatOf(jid)).unreadCount).toBe(1);
    await postWebhook({
      type: "ReadReceipt",
      state: "ReadSelf",
      event: { Chat: jid, Sender: account.jid, IsFromMe: true, IsGroup: false, MessageIDs: [id] },
    });
    await settle();
    expect((await chatOf(jid)).unreadCount).toBe(0);
  });

  it("sends text: pending, then sent with the id given to WuzAPI, then delivered and read from receipts", async () => {
    const tab = await openRealtime(t.parley.url, bruno);
    const persona = (await chats(bruno)).items.find(
      (chat) => !chat.isGroup && chat.contact?.contactRefId,
    ) as ChatItem;
    const response = await t.call(bruno, "POST", `/api/chats/${persona.id}/messages`, {
      text: "Your order shipped",
    });
    expect(response.statusCode).toBe(201);
    const sent = response.json().message as MessageItem;
    expect(sent).toMatchObject({ fromMe: true, status: "sent", text: "Your order shipped", error: null });
    expect(sent.waId).toMatch(/^3EB0[0-9A-F]{16}$/);
    await tab.waitFor((event) => event.type === "message.created" && event.messageId === sent.id);
    const read = await eventually(async () => {
      const found = (await messages(persona.id)).items.find((message) => message.id === sent.id);
      return found?.status === "read" ? found : null;
    });
    expect(read.waId).toBe(sent.waId);
    await tab.waitFor((event) => event.type === "message.updated" && event.messageId === sent.id);
    // A late "delivered" never moves a read message back.
    await postWebhook({
      type: "ReadReceipt",
      state: "Delivered",
      event: {
        Chat: persona.jid,
        Sender: persona.jid,
        IsFromMe: false,
        IsGroup: false,
        MessageIDs: [sent.waId],
      },
    });
    await settle();
    expect((await messages(persona.id)).items.find((message) => message.id === sent.id)?.status).toBe("read");
    expect((await chatOf(persona.jid)).lastMessageFromMe).toBe(true);
    tab.close();
  });

  it("moves ticks sent → delivered → read from receipts, never backwards", async () => {
    // The simulated phone sends no receipts for a number it does not know: each one is posted here.
    const chat = await chatOf(`${STRANGER}@s.whatsapp.net`);
    const sent = (await t.call(bruno, "POST", `/api/chats/${chat.id}/messages`, { text: "ticks" })).json()
      .message as MessageItem;
    expect(sent.status).toBe("sent");
    const statusAfter = async (state: string) => {
      await postWebhook({
        type: "ReadReceipt",
        state,
        event: { Chat: chat.jid, Sender: chat.jid, IsFromMe: false, IsGroup: false, MessageIDs: [sent.waId] },
      });
      await settle();
      return (await messages(chat.id)).items.find((message) => message.id === sent.id)?.status;
    };
    expect(await statusAfter("Delivered")).toBe("delivered");
    expect(await statusAfter("Read")).toBe("read");
    expect(await statusAfter("Delivered")).toBe("read");
    expect((await chatOf(chat.jid)).lastMessageStatus).toBe("read");
  });

  it("replies to a message and stores the quote", async () => {
    const chat = await chatOf(`${STRANGER}@s.whatsapp.net`);
    const target = (await messages(chat.id)).items.find((message) => !message.fromMe) as MessageItem;
    const response = await t.call(bruno, "POST", `/api/chats/${chat.id}/messages`, {
      text: "replying",
      replyToMessageId: target.id,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().message.quoted).toEqual({
      waId: target.waId,
      text: target.text,
      senderName: target.senderName,
      fromMe: false,
    });
  });

  it("stores a failed send when WuzAPI is down, and a retry sends it with the same id", async () => {
    const chat = await chatOf(`${STRANGER}@s.whatsapp.net`);
    sim.faults({ down: true });
    let failed: MessageItem;
    try {
      const response = await t.call(bruno, "POST", `/api/chats/${chat.id}/messages`, {
        text: "are you there?",
      });
      expect(response.statusCode).toBe(201);
      failed = response.json().message;
    } finally {
      sim.faults({ down: false });
    }
    expect(failed).toMatchObject({ status: "failed", error: "WhatsApp service unavailable" });
    const retried = await t.call(bruno, "POST", `/api/chats/${chat.id}/messages/${failed.id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json().message).toMatchObject({
      id: failed.id,
      waId: failed.waId,
      status: "sent",
      error: null,
    });
    // Only a failed message can be sent again.
    expect(
      (await t.call(bruno, "POST", `/api/chats/${chat.id}/messages/${failed.id}/retry`)).statusCode,
    ).toBe(400);
  });

  it("keeps users apart: another user gets 404 for my chat, its messages, sending and reading", async () => {
    const chat = await chatOf(`${STRANGER}@s.whatsapp.net`);
    const [message] = (await messages(chat.id)).items;
    const before = await storedCount((message as MessageItem).waId);
    expect((await chats(chen)).items).toEqual([]);
    for (const [method, url, body] of [
      ["GET", `/api/chats/${chat.id}`, undefined],
      ["GET", `/api/chats/${chat.id}/messages`, undefined],
      ["POST", `/api/chats/${chat.id}/messages`, { text: "not mine" }],
      ["POST", `/api/chats/${chat.id}/messages/${message?.id}/retry`, undefined],
      ["POST", `/api/chats/${chat.id}/read`, undefined],
    ] as const) {
      expect((await t.call(chen, method, url, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect(await storedCount((message as MessageItem).waId)).toBe(before);
    expect((await t.app.inject({ method: "GET", url: "/api/chats" })).statusCode).toBe(401);
  });

  it("pages through messages with before, oldest first within a page", async () => {
    const busiest = (await chats(bruno)).items.find((chat) => chat.isGroup) as ChatItem;
    const all = (await messages(busiest.id, "?limit=100")).items;
    expect(all.length).toBeGreaterThan(4);
    const newest = await messages(busiest.id, "?limit=3");
    expect(newest.hasMore).toBe(true);
    expect(newest.items.map((message) => message.id)).toEqual(all.slice(-3).map((message) => message.id));
    const older = await messages(busiest.id, `?limit=3&before=${newest.items[0]?.id}`);
    expect(older.items.map((message) => message.id)).toEqual(all.slice(-6, -3).map((message) => message.id));
  });

  it("searches chats by name and by message text, and filters unread ones", async () => {
    const byText = await chats(bruno, "&q=invoice%207731");
    expect(byText.items.map((chat) => chat.jid)).toEqual([`${STRANGER}@s.whatsapp.net`]);
    const named = (await chats(bruno)).items.find((chat) => chat.contact?.contactRefId) as ChatItem;
    const byName = await chats(bruno, `&q=${encodeURIComponent(named.title)}`);
    expect(byName.items.map((chat) => chat.id)).toContain(named.id);
    const unread = await chats(bruno, "&unread=true");
    expect(unread.items.every((chat) => chat.unreadCount > 0)).toBe(true);
  });

  it("finds a phrase in message text as typed, in any case, and only where its words stand together", async () => {
    const jid = `${STRANGER}@s.whatsapp.net`;
    await inbound(STRANGER, "Your parcel NO. 88 is out for delivery, sir");
    await inbound(STRANGER, "delivery for parcel no. 88 is out");
    const found = async (q: string) =>
      (await chats(bruno, `&q=${encodeURIComponent(q)}`)).items.map((chat) => chat.jid).includes(jid);
    expect(await found("parcel no. 88 is out for deliv")).toBe(true);
    expect(await found("RCEL No. 88 IS OUT")).toBe(true);
    expect(await found("no. 88 is out for")).toBe(true);
    // Every word is there, but not in this order or with these spaces.
    expect(await found("parcel 88 no. is out")).toBe(false);
    expect(await found("parcel  no. 88 is")).toBe(false);
    expect(await found("out for delivery, madam")).toBe(false);
    // A word too long for the word index still stores, and the phrase around it is still found.
    // (Random, so that it does not compress below the index's entry size limit.)
    await inbound(
      STRANGER,
      `see https://example.com/${randomBytes(2000).toString("hex")} for the tracking page`,
    );
    expect(await found(" for the tracking pa")).toBe(true);
  });

  it("filters by the linked contact's tag", async () => {
    const tagged = (await chats(bruno)).items.find((chat) => chat.contact?.tagId) as ChatItem;
    expect(tagged).toBeDefined();
    const tagId = tagged.contact?.tagId as number;
    const filtered = await chats(bruno, `&tagId=${tagId}`);
    expect(filtered.items.map((chat) => chat.id)).toContain(tagged.id);
    expect(filtered.items.every((chat) => chat.contact?.tagId === tagId)).toBe(true);
  });

  it("lists favourites first, then by last message, and pages with a cursor", async () => {
    const { items } = await chats(bruno);
    const last = items.at(-1) as ChatItem;
    const pinned = await t.call(bruno, "PUT", "/api/favourites", {
      contactWhatsappId: last.contact?.whatsappContactId as number,
    });
    expect(pinned.statusCode).toBe(201);
    // Pinning an org contact pins the chats of the WhatsApp contact linked to it.
    const linked = items.find((chat) => chat.id !== last.id && chat.contact?.contactRefId) as ChatItem;
    const pinnedRef = await t.call(bruno, "PUT", "/api/favourites", {
      contactRefId: linked.contact?.contactRefId as number,
    });
    expect(pinnedRef.statusCode).toBe(201);
    const ordered = (await chats(bruno)).items;
    expect(ordered[0]).toMatchObject({ id: last.id, favouriteId: pinned.json().favourite.id });
    expect(ordered[1]).toMatchObject({ id: linked.id, favouriteId: pinnedRef.json().favourite.id });
    const rest = ordered.slice(2).map((chat) => chat.lastMessageAt ?? "");
    expect(rest).toEqual([...rest].sort().reverse());

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: ChatItem[]; nextCursor: string | null } = (
        await t.call(bruno, "GET", `/api/chats?limit=7${cursor ? `&cursor=${cursor}` : ""}`)
      ).json();
      seen.push(...page.items.map((chat) => chat.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ordered.map((chat) => chat.id));
  });

  it("tells the owner when a contact is typing", async () => {
    const tab = await openRealtime(t.parley.url, bruno);
    const chat = (await chats(bruno)).items.find((item) => !item.isGroup && item.phoneE164) as ChatItem;
    sim.typing(account.wuzapi_user_id as string, { from: chat.phoneE164 as string, state: "composing" });
    const typing = await tab.waitFor((event) => event.type === "chat.typing");
    expect(typing).toMatchObject({ chatId: chat.id, state: "composing" });
    tab.close();
  });

  it("refuses bad input with 400 and writes nothing", async () => {
    const chat = await chatOf(`${STRANGER}@s.whatsapp.net`);
    const count = async () =>
      Number(
        (
          await t.services.database.db
            .selectFrom("message")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("chat_id", "=", chat.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    for (const body of [
      {},
      { text: "" },
      { text: "   " },
      { text: "x".repeat(5000) },
      { text: 42 },
      { text: "hi", replyToMessageId: "1" },
      { text: "hi", replyToMessageId: 999_999_999 },
      { text: "hi", extra: true },
    ]) {
      expect(
        (await t.call(bruno, "POST", `/api/chats/${chat.id}/messages`, body)).statusCode,
        JSON.stringify(body),
      ).toBe(400);
    }
    for (const url of [
      "/api/chats/abc",
      "/api/chats?limit=0",
      "/api/chats?cursor=nope",
      `/api/chats/${chat.id}/messages?before=x`,
    ])
      expect((await t.call(bruno, "GET", url)).statusCode, url).toBe(400);
    expect(await count()).toBe(before);
  });

  it("starts a chat with a typed number: once, under WhatsApp's JID, and the first message reaches it", async () => {
    const start = (cookie: string, phone: unknown) => t.call(cookie, "POST", "/api/chats", { phone });
    expect((await start(chen, "+55 21 96986-3660")).statusCode).toBe(409);
    await t.call(chen, "POST", "/api/whatsapp/connect");
    const scanned = (await t.call(chen, "POST", "/api/whatsapp/demo-scan")).statusCode;
    expect(scanned).toBe(202);
    await eventually(
      async () => (await t.call(chen, "GET", "/api/whatsapp/account")).json().account.state === "connected",
    );
    const chenNumber = (await t.call(chen, "GET", "/api/whatsapp/account")).json().account
      .phoneE164 as string;
    const chenJid = `${chenNumber.slice(1)}@s.whatsapp.net`;
    expect(await chatOf(chenJid)).toBeUndefined();

    const typed = chenNumber.replace(/^\+(\d{2})(\d{2})/, "+$1 ($2) ");
    const created = await start(bruno, typed);
    expect(created.statusCode).toBe(200);
    const chat = created.json().chat as ChatItem;
    expect(chat).toMatchObject({ jid: chenJid, isGroup: false, lastMessageAt: null, unreadCount: 0 });
    expect((await start(bruno, chenNumber)).json().chat.id).toBe(chat.id);
    expect((await chats(bruno)).items.filter((item) => item.jid === chenJid)).toHaveLength(1);

    const text = `First words ${Date.now()}`;
    expect((await t.call(bruno, "POST", `/api/chats/${chat.id}/messages`, { text })).statusCode).toBe(201);
    await settle();
    const received = (await chats(chen)).items.filter((item) => item.lastMessagePreview === text);
    expect(received).toHaveLength(1);

    for (const phone of ["12", "+1 999 000 0001", "", 5511, "x".repeat(41)])
      expect((await start(bruno, phone)).statusCode, String(phone)).toBe(400);
    expect(
      (await t.app.inject({ method: "POST", url: "/api/chats", payload: { phone: "1" } })).statusCode,
    ).toBe(401);
  });

  it("stores a send on a disconnected number as failed, saying so", async () => {
    const chat = await chatOf(`${STRANGER}@s.whatsapp.net`);
    expect((await t.call(bruno, "POST", "/api/whatsapp/disconnect")).statusCode).toBe(200);
    const response = await t.call(bruno, "POST", `/api/chats/${chat.id}/messages`, { text: "offline?" });
    expect(response.statusCode).toBe(201);
    expect(response.json().message).toMatchObject({
      status: "failed",
      error: "Your WhatsApp number is not connected",
    });
  });
});
