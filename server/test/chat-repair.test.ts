import type { SimulatorControl } from "@parley/wuzapi-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountRow } from "../src/db/schema.js";
import type { ChatItem, MessageItem } from "../src/modules/chats/chats.service.js";
import { createTestApp, simulatorOf, type TestApp } from "./support/app.js";
import { linkNumber, settle as settleAll } from "./support/linked-number.js";
import { eventually, openRealtime } from "./support/realtime.js";

/** Events that come out of order or under another identity, and how the store heals them. */
describe("chat repair: early changes and LID chats", () => {
  let t: TestApp;
  let bruno: string;
  let account: AccountRow;
  let sim: SimulatorControl;
  let sequence = 0;

  const settle = () => settleAll(t, sim);
  const chats = async () =>
    ((await t.call(bruno, "GET", "/api/chats?limit=100")).json() as { items: ChatItem[] }).items;
  const messagesOf = async (chatId: number) =>
    (
      (await t.call(bruno, "GET", `/api/chats/${chatId}/messages?limit=100`)).json() as {
        items: MessageItem[];
      }
    ).items;
  const postMessage = async (info: Record<string, unknown>, message: object) => {
    const response = await t.app.inject({
      method: "POST",
      url: `/api/webhooks/wuzapi/${account.webhook_secret}`,
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({
        type: "Message",
        userID: account.wuzapi_user_id,
        instanceName: "bruno",
        event: {
          Info: {
            IsFromMe: false,
            IsGroup: false,
            PushName: "Out Of Order",
            Timestamp: new Date(Date.UTC(2026, 10, 25, 12, 0, sequence++)).toISOString(),
            Edit: "",
            ...info,
          },
          Message: message,
        },
      }),
    });
    expect(response.statusCode).toBe(200);
  };
  const fromPhone = (phone: string) => ({
    Chat: `${phone}@s.whatsapp.net`,
    Sender: `${phone}@s.whatsapp.net`,
  });

  beforeAll(async () => {
    t = await createTestApp();
    sim = simulatorOf(t);
    bruno = await t.login("bruno");
    account = (await linkNumber(t, sim, "bruno")).account;
  });
  afterAll(() => t.close());

  it("applies a reaction, an edit and a revoke that arrived before their messages", async () => {
    const phone = "5511900007001";
    const jid = `${phone}@s.whatsapp.net`;
    const key = (id: string) => ({ remoteJID: jid, fromMe: false, ID: id });
    // The changes first: their targets are not stored yet.
    await postMessage(
      { ...fromPhone(phone), ID: "3AEARLYREACT" },
      { reactionMessage: { key: key("3ATARGET1"), text: "👍" } },
    );
    await postMessage(
      { ...fromPhone(phone), ID: "3AEARLYEDIT", Edit: "1" },
      { protocolMessage: { key: key("3ATARGET1"), type: 14, editedMessage: { conversation: "fixed typo" } } },
    );
    await postMessage(
      { ...fromPhone(phone), ID: "3AEARLYREVOKE", Edit: "7" },
      { protocolMessage: { key: key("3ATARGET2"), type: 0 } },
    );
    await settle();
    // Then the messages themselves.
    await postMessage({ ...fromPhone(phone), ID: "3ATARGET1" }, { conversation: "fixd typo" });
    await postMessage({ ...fromPhone(phone), ID: "3ATARGET2" }, { conversation: "never mind" });
    await settle();

    const chat = (await chats()).find((item) => item.jid === jid) as ChatItem;
    const items = await messagesOf(chat.id);
    expect(items.map((item) => item.waId)).toEqual(["3ATARGET1", "3ATARGET2"]);
    expect(items[0]).toMatchObject({
      text: "fixed typo",
      reactions: [{ emoji: "👍", count: 1, mine: false }],
    });
    expect(items[0]?.editedAt).not.toBeNull();
    expect(items[1]).toMatchObject({ text: null });
    expect(items[1]?.deletedAt).not.toBeNull();
    // Applied once: nothing is left waiting.
    const waiting = await t.services.database.db
      .selectFrom("message_change_early")
      .select("id")
      .where("account_id", "=", account.id)
      .where("chat_jid", "=", jid)
      .execute();
    expect(waiting).toEqual([]);
  });

  it("applies a history sync's reactions, edits and revokes in order, and keeps one whose message is missing", async () => {
    const phone = "5511900007090";
    const jid = `${phone}@s.whatsapp.net`;
    let second = 0;
    const entry = (id: string, fromMe: boolean, message: object) => ({
      message: {
        key: { remoteJID: jid, fromMe, ID: id },
        message,
        messageTimestamp: Date.UTC(2026, 10, 20, 9, 0, second++) / 1000,
      },
    });
    const key = (id: string) => ({ remoteJID: jid, fromMe: false, ID: id });
    const edit = (id: string, words: string) => ({
      protocolMessage: { key: key(id), type: 14, editedMessage: { conversation: words } },
    });
    const response = await t.app.inject({
      method: "POST",
      url: `/api/webhooks/wuzapi/${account.webhook_secret}`,
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({
        type: "HistorySync",
        userID: account.wuzapi_user_id,
        instanceName: "bruno",
        event: {
          Data: {
            syncType: 3,
            conversations: [
              {
                ID: jid,
                messages: [
                  entry("3AHIST1", false, { conversation: "first" }),
                  entry("3AHIST2", false, { conversation: "secnod" }),
                  entry("3AHIST3", false, { conversation: "oops" }),
                  entry("3AHREACT1", false, { reactionMessage: { key: key("3AHIST1"), text: "👍" } }),
                  entry("3EB0HREACT2", true, { reactionMessage: { key: key("3AHIST1"), text: "❤️" } }),
                  entry("3AHREACT3", false, { reactionMessage: { key: key("3AHIST1"), text: "😮" } }),
                  entry("3EB0HREACT4", true, { reactionMessage: { key: key("3AHIST1"), text: "" } }),
                  entry("3AHEDIT1", false, edit("3AHIST2", "secnd")),
                  entry("3AHEDIT2", false, edit("3AHIST2", "second")),
                  entry("3AHREVOKE", false, { protocolMessage: { key: key("3AHIST3"), type: 0 } }),
                  entry("3AHREACT5", false, { reactionMessage: { key: key("3AHLATER"), text: "🎉" } }),
                ],
              },
            ],
          },
        },
      }),
    });
    expect(response.statusCode).toBe(200);
    await settle();
    const chat = (await chats()).find((item) => item.jid === jid) as ChatItem;
    const [first, secondMessage, third] = await messagesOf(chat.id);
    // The contact changed their reaction; mine was taken back.
    expect(first).toMatchObject({
      waId: "3AHIST1",
      text: "first",
      reactions: [{ emoji: "😮", count: 1, mine: false }],
    });
    expect(secondMessage).toMatchObject({ waId: "3AHIST2", text: "second" });
    expect(secondMessage?.editedAt).not.toBeNull();
    expect(third).toMatchObject({ waId: "3AHIST3", text: null });
    expect(third?.deletedAt).not.toBeNull();

    // The reaction to a message the history did not bring waits for it.
    await postMessage({ ...fromPhone(phone), ID: "3AHLATER" }, { conversation: "later" });
    await settle();
    const later = (await messagesOf(chat.id)).find((item) => item.waId === "3AHLATER");
    expect(later).toMatchObject({ text: "later", reactions: [{ emoji: "🎉", count: 1, mine: false }] });
  });

  it("moves a chat first seen under a LID into the phone-number chat once the LID is known", async () => {
    const phone = "5511900007002";
    const lid = "270000000000001@lid";
    const phoneJid = `${phone}@s.whatsapp.net`;
    const socket = await openRealtime(t.parley.url, bruno);
    try {
      await postMessage({ ...fromPhone(phone), ID: "3ABYPHONE" }, { conversation: "by phone" });
      // WhatsApp addresses the same person by LID alone: a separate chat, for now.
      await postMessage({ Chat: lid, Sender: lid, ID: "3ABYLID1" }, { conversation: "by lid" });
      await postMessage({ Chat: lid, Sender: lid, ID: "3ABYLID2" }, { conversation: "by lid again" });
      await settle();
      const lidChat = (await chats()).find((item) => item.jid === lid) as ChatItem;
      const phoneChat = (await chats()).find((item) => item.jid === phoneJid) as ChatItem;
      expect(lidChat).toBeDefined();
      expect(phoneChat).toBeDefined();

      // A message with SenderAlt tells who the LID is; the LID chat moves into the phone chat.
      await postMessage(
        { Chat: lid, Sender: lid, SenderAlt: phoneJid, ID: "3ABYLID3" },
        { conversation: "now with my number" },
      );
      await settle();
      const after = await chats();
      expect(after.find((item) => item.jid === lid)).toBeUndefined();
      const merged = after.find((item) => item.jid === phoneJid) as ChatItem;
      expect(merged.id).toBe(phoneChat.id);
      expect(merged.unreadCount).toBe(4);
      expect(merged.lastMessagePreview).toBe("now with my number");
      expect((await messagesOf(merged.id)).map((item) => item.waId)).toEqual([
        "3ABYPHONE",
        "3ABYLID1",
        "3ABYLID2",
        "3ABYLID3",
      ]);
      expect((await t.call(bruno, "GET", `/api/chats/${lidChat.id}`)).statusCode).toBe(404);
      await socket.waitFor((event) => event.type === "chat.merged" && event.chatId === lidChat.id);
      expect(socket.events.find((event) => event.type === "chat.merged")).toMatchObject({
        chatId: lidChat.id,
        intoChatId: phoneChat.id,
      });
    } finally {
      socket.close();
    }
  });

  it("loads older: recovers a message whose webhook never arrived, then the phone sends older ones", async () => {
    const userId = account.wuzapi_user_id as string;
    const phone = "5511900007004";
    const first = sim.inbound(userId, { from: phone, text: "first words" });
    await settle();
    const lost = sim.inbound(userId, { from: phone, text: "lost in transit" });
    await settle();
    const chat = (await chats()).find((item) => item.jid === `${phone}@s.whatsapp.net`) as ChatItem;
    // As if its webhook had been dropped: WuzAPI kept it in its history, Parley never stored it.
    await t.services.database.db.deleteFrom("message").where("wa_id", "=", lost.id).execute();
    expect((await messagesOf(chat.id)).map((item) => item.waId)).toEqual([first.id]);

    const response = await t.call(bruno, "POST", `/api/chats/${chat.id}/older`);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ recovered: 1, askedPhone: true });
    const recovered = await messagesOf(chat.id);
    expect(recovered.map((item) => [item.waId, item.text])).toEqual([
      [first.id, "first words"],
      [lost.id, "lost in transit"],
    ]);

    // The phone answers with an on-demand history sync of messages older than the oldest stored.
    const older = await eventually(async () => {
      await settle();
      const items = await messagesOf(chat.id);
      return items.length > 2 ? items : undefined;
    }, 10_000);
    const firstAt = Date.parse(recovered[0]?.sentAt as string);
    expect(older.slice(0, -2).every((item) => Date.parse(item.sentAt) < firstAt)).toBe(true);
    expect(new Set(older.map((item) => item.waId)).size).toBe(older.length);
    // Asking again stores nothing twice.
    expect((await t.call(bruno, "POST", `/api/chats/${chat.id}/older`)).json().recovered).toBe(0);
  });

  it("refuses to load older for another user's chat or a number that is not connected", async () => {
    const chat = (await chats())[0] as ChatItem;
    const chen = await t.login("chen");
    expect((await t.call(chen, "POST", `/api/chats/${chat.id}/older`)).statusCode).toBe(404);
    expect((await t.call(bruno, "POST", "/api/chats/999999/older")).statusCode).toBe(404);
  });

  it("renames a LID chat to the phone JID when there is no phone chat yet", async () => {
    const phone = "5511900007003";
    const lid = "270000000000002@lid";
    const phoneJid = `${phone}@s.whatsapp.net`;
    await postMessage({ Chat: lid, Sender: lid, ID: "3AONLYLID1" }, { conversation: "who am I" });
    await settle();
    const lidChat = (await chats()).find((item) => item.jid === lid) as ChatItem;
    await postMessage(
      { Chat: lid, Sender: lid, SenderAlt: phoneJid, ID: "3AONLYLID2" },
      { conversation: "this is me" },
    );
    await settle();
    const after = await chats();
    expect(after.find((item) => item.jid === lid)).toBeUndefined();
    const renamed = after.find((item) => item.jid === phoneJid) as ChatItem;
    expect(renamed.id).toBe(lidChat.id);
    expect(renamed.phoneE164).toBe(`+${phone}`);
    expect((await messagesOf(renamed.id)).map((item) => item.waId)).toEqual(["3AONLYLID1", "3AONLYLID2"]);
  });
});
