import type { SimulatorControl } from "@parley/wuzapi-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChatsRepo } from "../../src/modules/chats/chats.repo.js";
import type { ChatItem, MessageItem } from "../../src/modules/chats/chats.service.js";
import { createTestApp, simulatorOf, type TestApp } from "../support/app.js";
import { linkNumber, settle } from "../support/linked-number.js";
import { eventually } from "../support/realtime.js";
import { WENT_OUT } from "../support/statuses.js";
import { expectStoredExactlyOnce } from "./support.js";

/** Short, yet long enough for every call to answer in time on a busy test machine without the fault. */
const TIMEOUT_MS = 2_000;
/** Far longer than the client waits. */
const DELAY_MS = 6_000;
const TIMED_OUT = "WhatsApp service did not answer within 2 s";

/**
 * WuzAPI answers, but too slowly: every call gives up after the client's timeout with a clear
 * error instead of hanging, a send shows failed with that reason, the rest of the API keeps
 * answering at once, and everything works again once WuzAPI is fast again.
 */
describe("fault: WuzAPI answers slower than the client waits", () => {
  let t: TestApp;
  let sim: SimulatorControl;
  let linked: Awaited<ReturnType<typeof linkNumber>>;
  let chat: ChatItem;

  const timed = async <T>(action: () => Promise<T>) => {
    const startedAt = performance.now();
    const value = await action();
    return { value, ms: performance.now() - startedAt };
  };
  const send = (text: string) => t.call(linked.cookie, "POST", `/api/chats/${chat.id}/messages`, { text });

  beforeAll(async () => {
    t = await createTestApp({ WUZAPI_TIMEOUT_MS: String(TIMEOUT_MS) });
    sim = simulatorOf(t);
    linked = await linkNumber(t, sim, "bruno");
    const peer = sim.user(linked.wuzapiUserId).peers[0]?.number as string;
    const chats = (await t.call(linked.cookie, "GET", "/api/chats?limit=100")).json().items as ChatItem[];
    chat = chats.find((item) => item.jid === `${peer}@s.whatsapp.net`) as ChatItem;
  });
  afterAll(async () => {
    sim?.faults({ delayMs: 0 });
    await t?.close();
  });

  it("fails a send with a timeout message, keeps the API responsive, and corrects it when WuzAPI's receipt shows it went out", async () => {
    sim.faults({ delayMs: DELAY_MS });
    const sending = timed(() => send("while WuzAPI is slow"));
    // Meanwhile, routes that don't need WuzAPI answer at once.
    for (const url of [
      "/api/me",
      "/api/chats?limit=50",
      "/api/whatsapp/account",
      `/api/chats/${chat.id}/messages`,
    ]) {
      const { value, ms } = await timed(() => t.call(linked.cookie, "GET", url));
      expect(value.statusCode, url).toBe(200);
      // Not held up by WuzAPI's delay (a generous bound for a busy test machine).
      expect(ms, url).toBeLessThan(DELAY_MS / 4);
    }
    // Inbound messages still come in: webhooks go from WuzAPI to us, not the other way.
    const peer = sim.user(linked.wuzapiUserId).peers[1]?.number as string;
    const inbound = Array.from(
      { length: 5 },
      (_, index) => sim.inbound(linked.wuzapiUserId, { from: peer, text: `slow day ${index}` }).id,
    );

    const { value: response, ms } = await sending;
    expect(ms).toBeLessThan(TIMEOUT_MS + 1_500);
    expect(response.statusCode, response.body).toBe(201);
    const failed = (response.json() as { message: MessageItem }).message;
    expect(failed).toMatchObject({ status: "failed", error: TIMED_OUT });

    // A WuzAPI call made for the user answers 503 with the same words, in about the timeout.
    const connect = await timed(() => t.call(linked.cookie, "POST", "/api/whatsapp/connect"));
    expect(connect.value.statusCode).toBe(503);
    expect(connect.value.json().error).toMatchObject({ code: "whatsapp_unavailable", message: TIMED_OUT });
    expect(connect.ms).toBeLessThan(TIMEOUT_MS + 1_500);

    // Fast again: a new send goes out at once.
    sim.faults({ delayMs: 0 });
    const fresh = (await send("after WuzAPI recovered")).json() as { message: MessageItem };
    expect(fresh.message.status).toMatch(WENT_OUT);

    // The send we stopped waiting for still reached WuzAPI, which sent it when its delay was over:
    // the phone's receipt turns it delivered, and Retry (a second send) is no longer offered.
    const corrected = await eventually(async () => {
      const page = (
        await t.call(linked.cookie, "GET", `/api/chats/${chat.id}/messages?limit=100`)
      ).json() as {
        items: MessageItem[];
      };
      const item = page.items.find((message) => message.id === failed.id);
      return item && item.status !== "failed" ? item : null;
    }, DELAY_MS + 5_000);
    expect(corrected).toMatchObject({ waId: failed.waId, error: null });
    expect(["delivered", "read"]).toContain(corrected.status);
    const retry = await t.call(linked.cookie, "POST", `/api/chats/${chat.id}/messages/${failed.id}/retry`);
    expect(retry.statusCode).toBe(400);
    await settle(t, sim);

    const sent = [failed.waId, fresh.message.waId];
    await expectStoredExactlyOnce("slow WuzAPI, sends", t.services.database.db, linked.account.id, sent);
    await expectStoredExactlyOnce("slow WuzAPI, inbound", t.services.database.db, linked.account.id, inbound);
  });

  it("keeps a receipt that arrived before the send's timeout was reported", async () => {
    // WuzAPI sent it and the phone's receipt came in, but WuzAPI's answer never made it back in time.
    const repo = createChatsRepo(t.services.database.db);
    const waId = `3EB0FAULT${Date.now()}`;
    const id = await repo.insertPending({
      accountId: linked.account.id,
      chatId: chat.id,
      chatJid: chat.jid,
      waId,
      senderJid: null,
      text: "answered too late",
      quotedWaId: null,
    });
    expect(await repo.advanceStatus(linked.account.id, [waId], "delivered")).toHaveLength(1);
    await repo.markFailed(id, TIMED_OUT);
    expect(await repo.findMessage(chat.id, id)).toMatchObject({ status: "delivered", error: null });
  });
});
