import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountRow } from "../src/db/schema.js";
import { createChatsRepo } from "../src/modules/chats/chats.repo.js";
import type { MessageItem } from "../src/modules/chats/chats.service.js";
import { createMessageActionsService } from "../src/modules/chats/message-actions.service.js";
import { bareJid } from "../src/modules/contacts/seen-contacts.js";
import { createRealtimeHub } from "../src/modules/realtime/hub.js";
import type { WuzapiUserClient } from "../src/modules/whatsapp/wuzapi/wuzapi-client.js";
import { createTestApp, simulatorOf, type TestApp } from "./support/app.js";
import { linkNumber, settle as settleAll } from "./support/linked-number.js";
import { openRealtime } from "./support/realtime.js";
import { WENT_OUT } from "./support/statuses.js";

/** A number none of the simulated phones knows: its first message starts a new chat. */
const STRANGER = "5511900007788";
const DAY_MS = 86_400_000;

describe("message actions: react, delete for everyone, edit", () => {
  let t: TestApp;
  let bruno: string;
  let chen: string;
  let account: AccountRow;
  let sim: NonNullable<TestApp["parley"]["simulator"]>["control"];
  let chatId: number;
  const jid = `${STRANGER}@s.whatsapp.net`;

  const settle = () => settleAll(t, sim);
  const messageUrl = (messageId: number) => `/api/chats/${chatId}/messages/${messageId}`;
  const stored = async (messageId: number) =>
    (
      (await t.call(bruno, "GET", `/api/chats/${chatId}/messages?limit=100`)).json() as {
        items: MessageItem[];
      }
    ).items.find((message) => message.id === messageId) as MessageItem;
  /** What WuzAPI's history store kept (oldest first): API sends appear there with sender "me". */
  const sentToWhatsApp = async (type: string, targetWaId: string) =>
    (await t.services.whatsapp.clientFor(account).history(jid, 200))
      .reverse()
      .filter(
        (row) => row.senderJid === "me" && row.messageType === type && row.quotedMessageId === targetWaId,
      );
  const inbound = async (text: string) => {
    const { id } = sim.inbound(account.wuzapi_user_id as string, { from: STRANGER, text });
    await settle();
    const { items } = (await t.call(bruno, "GET", `/api/chats/${chatId}/messages?limit=100`)).json() as {
      items: MessageItem[];
    };
    return items.find((message) => message.waId === id) as MessageItem;
  };
  const sendOwn = async (text: string) => {
    const response = await t.call(bruno, "POST", `/api/chats/${chatId}/messages`, { text });
    expect(response.statusCode).toBe(201);
    const message = response.json().message as MessageItem;
    expect(message.status).toMatch(WENT_OUT);
    return message;
  };
  const backdate = (messageId: number, ageMs: number) =>
    t.services.database.db
      .updateTable("message")
      .set({ sent_at: new Date(Date.now() - ageMs) })
      .where("id", "=", messageId)
      .execute();
  const withWuzapiDown = async <T>(action: () => Promise<T>) => {
    sim.faults({ down: true });
    try {
      return await action();
    } finally {
      sim.faults({ down: false });
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    sim = simulatorOf(t);
    bruno = await t.login("bruno");
    chen = await t.login("chen");
    account = (await linkNumber(t, sim, "bruno")).account;
    sim.inbound(account.wuzapi_user_id as string, { from: STRANGER, text: "first words" });
    await settle();
    const { items } = (await t.call(bruno, "GET", "/api/chats?limit=100")).json();
    chatId = items.find((chat: { jid: string }) => chat.jid === jid).id;
  });
  afterAll(() => t.close());

  it("reacts to their message: WhatsApp gets it, it is stored as mine, the owner's tabs hear of it", async () => {
    const target = await inbound("react to this");
    const tab = await openRealtime(t.parley.url, bruno);
    const response = await t.call(bruno, "PUT", `${messageUrl(target.id)}/reaction`, { emoji: "👍" });
    expect(response.statusCode).toBe(200);
    expect(response.json().message.reactions).toEqual([{ emoji: "👍", count: 1, mine: true }]);
    expect((await stored(target.id)).reactions).toEqual([{ emoji: "👍", count: 1, mine: true }]);
    expect((await sentToWhatsApp("reaction", target.waId)).map((row) => row.text)).toEqual(["👍"]);
    await tab.waitFor((event) => event.type === "message.updated" && event.messageId === target.id);
    tab.close();

    // One reaction per person: a new emoji replaces mine, with theirs still counted beside it.
    await t.services.database.db
      .updateTable("message")
      .set({
        reactions: sql`${JSON.stringify({ [jid]: "❤️", [bareJid(account.jid as string)]: "👍" })}::jsonb`,
      })
      .where("id", "=", target.id)
      .execute();
    const replaced = await t.call(bruno, "PUT", `${messageUrl(target.id)}/reaction`, { emoji: "❤️" });
    expect(replaced.json().message.reactions).toEqual([{ emoji: "❤️", count: 2, mine: true }]);

    // An empty emoji or DELETE takes it back; WhatsApp is told with "remove" (stored as no text).
    const removed = await t.call(bruno, "PUT", `${messageUrl(target.id)}/reaction`, { emoji: "" });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().message.reactions).toEqual([{ emoji: "❤️", count: 1, mine: false }]);
    expect((await sentToWhatsApp("reaction", target.waId)).map((row) => row.text)).toEqual(["👍", "❤️", null]);
    await t.call(bruno, "PUT", `${messageUrl(target.id)}/reaction`, { emoji: "🎉" });
    expect((await t.call(bruno, "DELETE", `${messageUrl(target.id)}/reaction`)).statusCode).toBe(200);
    expect((await stored(target.id)).reactions).toEqual([{ emoji: "❤️", count: 1, mine: false }]);
    // Removing a reaction I no longer have asks WhatsApp nothing.
    const sent = (await sentToWhatsApp("reaction", target.waId)).length;
    expect((await t.call(bruno, "DELETE", `${messageUrl(target.id)}/reaction`)).statusCode).toBe(200);
    expect(await sentToWhatsApp("reaction", target.waId)).toHaveLength(sent);
  });

  /** The same service, with the client recording the reactions it is asked to send. */
  const recordingActions = (reactions: Parameters<WuzapiUserClient["react"]>[0][]) =>
    createMessageActionsService({
      repo: createChatsRepo(t.services.database.db),
      accounts: t.services.accounts,
      hub: createRealtimeHub(t.services.bus),
      clientFor: (row) => {
        const client = t.services.whatsapp.clientFor(row);
        return {
          ...client,
          react: (input) => {
            reactions.push(input);
            return client.react(input);
          },
        };
      },
    });

  it("reacts to my own message with WuzAPI's me: id, and accepts every kind of single emoji", async () => {
    const own = await sendOwn("my own words");
    const reactions: Parameters<WuzapiUserClient["react"]>[0][] = [];
    const reacted = await recordingActions(reactions).react(account.user_id, chatId, own.id, "🙏🏽");
    expect(reacted.reactions).toEqual([{ emoji: "🙏🏽", count: 1, mine: true }]);
    expect(reactions).toEqual([{ phone: jid, messageId: own.waId, emoji: "🙏🏽", fromMe: true }]);
    expect((await sentToWhatsApp("reaction", own.waId)).map((row) => row.text)).toEqual(["🙏🏽"]);

    for (const emoji of ["🇧🇷", "1️⃣", "👨‍👩‍👧", "❤"]) {
      const response = await t.call(bruno, "PUT", `${messageUrl(own.id)}/reaction`, { emoji });
      expect(response.statusCode, emoji).toBe(200);
      expect(response.json().message.reactions).toEqual([{ emoji, count: 1, mine: true }]);
    }
  });

  it("names the author of a group message reacted to, as WhatsApp needs in groups", async () => {
    const { items } = (await t.call(bruno, "GET", "/api/chats?limit=100")).json() as {
      items: Array<{ id: number; jid: string; isGroup: boolean }>;
    };
    const groups = items.filter((chat) => chat.isGroup);
    let target: { chat: (typeof groups)[number]; message: MessageItem } | undefined;
    for (const chat of groups) {
      const page = (await t.call(bruno, "GET", `/api/chats/${chat.id}/messages?limit=100`)).json();
      const message = (page.items as MessageItem[]).find(
        (item) => !item.fromMe && item.senderJid && item.status === "received" && !item.deletedAt,
      );
      if (message) target = { chat, message };
      if (target) break;
    }
    if (!target) throw new Error("the simulated phone has no group message from someone else");
    const reactions: Parameters<WuzapiUserClient["react"]>[0][] = [];
    const reacted = await recordingActions(reactions).react(
      account.user_id,
      target.chat.id,
      target.message.id,
      "🎉",
    );
    // The simulated history may already hold others' 🎉 on it (and one of mine, replaced now).
    const before = target.message.reactions.find((reaction) => reaction.emoji === "🎉");
    const othersBefore = (before?.count ?? 0) - (before?.mine ? 1 : 0);
    expect(reacted.reactions.find((reaction) => reaction.mine)).toEqual({
      emoji: "🎉",
      count: othersBefore + 1,
      mine: true,
    });
    expect(reactions).toEqual([
      {
        phone: target.chat.jid,
        messageId: target.message.waId,
        emoji: "🎉",
        fromMe: false,
        participant: target.message.senderJid,
      },
    ]);
  });

  it("refuses what is not one emoji with 400 and changes nothing", async () => {
    const target = await inbound("no nonsense");
    for (const body of [
      {},
      { emoji: "a" },
      { emoji: "👍👍" },
      { emoji: "👍 " },
      { emoji: "ok👍" },
      { emoji: 42 },
      { emoji: "👍", extra: true },
    ]) {
      const response = await t.call(bruno, "PUT", `${messageUrl(target.id)}/reaction`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await stored(target.id)).reactions).toEqual([]);
    expect(await sentToWhatsApp("reaction", target.waId)).toEqual([]);
  });

  it("deletes my message for everyone: WhatsApp revokes it, the bubble is marked deleted; again changes nothing", async () => {
    const own = await sendOwn("sent by mistake");
    const tab = await openRealtime(t.parley.url, bruno);
    const response = await t.call(bruno, "DELETE", messageUrl(own.id));
    expect(response.statusCode).toBe(200);
    const deleted = response.json().message as MessageItem;
    expect(deleted).toMatchObject({ id: own.id, fromMe: true, text: null });
    expect(deleted.deletedAt).not.toBeNull();
    expect(await stored(own.id)).toEqual(deleted);
    expect(await sentToWhatsApp("delete", own.waId)).toHaveLength(1);
    await tab.waitFor((event) => event.type === "message.updated" && event.messageId === own.id);
    await tab.waitFor((event) => event.type === "chat.updated" && event.chatId === chatId);
    tab.close();
    // The chat list no longer previews the deleted words.
    const chat = (await t.call(bruno, "GET", `/api/chats/${chatId}`)).json().chat;
    expect(chat.lastMessagePreview).toBe("You deleted this message");

    const again = await t.call(bruno, "DELETE", messageUrl(own.id));
    expect(again.statusCode).toBe(200);
    expect(again.json().message).toEqual(deleted);
    expect(await sentToWhatsApp("delete", own.waId)).toHaveLength(1);
    // Nothing is left to react to.
    expect((await t.call(bruno, "PUT", `${messageUrl(own.id)}/reaction`, { emoji: "👍" })).statusCode).toBe(
      409,
    );
  });

  it("refuses to delete their message (403) or mine past WhatsApp's two days (409), changing nothing", async () => {
    const theirs = await inbound("you can't delete me");
    const refused = await t.call(bruno, "DELETE", messageUrl(theirs.id));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe("not_own_message");

    const old = await sendOwn("from the day before yesterday");
    await backdate(old.id, 2 * DAY_MS + 60_000);
    const tooOld = await t.call(bruno, "DELETE", messageUrl(old.id));
    expect(tooOld.statusCode).toBe(409);
    expect(tooOld.json().error).toMatchObject({ code: "message_too_old" });
    expect(tooOld.json().error.message).toMatch(/too old/);

    const recent = await sendOwn("from yesterday");
    await backdate(recent.id, DAY_MS);
    expect((await t.call(bruno, "DELETE", messageUrl(recent.id))).statusCode).toBe(200);

    for (const message of [theirs, old]) {
      expect((await stored(message.id)).deletedAt).toBeNull();
      expect(await sentToWhatsApp("delete", message.waId)).toEqual([]);
    }
  });

  it("edits my text within 15 minutes; not theirs, not older ones", async () => {
    const own = await sendOwn("see you at 5");
    const response = await t.call(bruno, "PATCH", messageUrl(own.id), { text: "see you at 6" });
    expect(response.statusCode).toBe(200);
    expect(response.json().message).toMatchObject({ id: own.id, text: "see you at 6" });
    expect(response.json().message.editedAt).not.toBeNull();
    expect((await sentToWhatsApp("text", own.waId)).map((row) => row.text)).toEqual(["see you at 6"]);

    const theirs = await inbound("edit me if you can");
    expect((await t.call(bruno, "PATCH", messageUrl(theirs.id), { text: "edited" })).statusCode).toBe(403);
    const old = await sendOwn("an old promise");
    await backdate(old.id, 16 * 60_000);
    expect((await t.call(bruno, "PATCH", messageUrl(old.id), { text: "a new promise" })).statusCode).toBe(
      409,
    );
    for (const body of [{}, { text: "" }, { text: "  " }, { text: "x".repeat(5000) }])
      expect((await t.call(bruno, "PATCH", messageUrl(own.id), body)).statusCode, JSON.stringify(body)).toBe(
        400,
      );
    expect((await stored(theirs.id)).text).toBe("edit me if you can");
    expect((await stored(old.id)).text).toBe("an old promise");
    expect((await stored(own.id)).text).toBe("see you at 6");
  });

  it("answers 503 while WhatsApp's service is down and changes nothing", async () => {
    const theirs = await inbound("react while down");
    const own = await sendOwn("delete while down");
    const failures = await withWuzapiDown(async () => [
      await t.call(bruno, "PUT", `${messageUrl(theirs.id)}/reaction`, { emoji: "👍" }),
      await t.call(bruno, "DELETE", messageUrl(own.id)),
      await t.call(bruno, "PATCH", messageUrl(own.id), { text: "changed while down" }),
    ]);
    for (const failure of failures) {
      expect(failure.statusCode).toBe(503);
      expect(failure.json().error.message).toBe("WhatsApp service unavailable");
    }
    expect((await stored(theirs.id)).reactions).toEqual([]);
    expect(await stored(own.id)).toMatchObject({
      text: "delete while down",
      deletedAt: null,
      editedAt: null,
    });
  });

  it("keeps users apart: another user's chat or message is not found, and nothing changes", async () => {
    const theirs = await inbound("bruno's business");
    const own = await sendOwn("bruno's words");
    for (const [method, url, body] of [
      ["PUT", `${messageUrl(theirs.id)}/reaction`, { emoji: "👍" }],
      ["DELETE", `${messageUrl(theirs.id)}/reaction`, undefined],
      ["DELETE", messageUrl(own.id), undefined],
      ["PATCH", messageUrl(own.id), { text: "chen was here" }],
    ] as const) {
      expect((await t.call(chen, method, url, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    // A message id from another chat is not found in this one.
    const otherChat = (await t.call(bruno, "GET", "/api/chats?limit=100"))
      .json()
      .items.find((chat: { id: number }) => chat.id !== chatId);
    expect(
      (
        await t.call(bruno, "PUT", `/api/chats/${otherChat.id}/messages/${theirs.id}/reaction`, {
          emoji: "👍",
        })
      ).statusCode,
    ).toBe(404);
    expect((await stored(theirs.id)).reactions).toEqual([]);
    expect(await stored(own.id)).toMatchObject({ text: "bruno's words", deletedAt: null });
  });
});
