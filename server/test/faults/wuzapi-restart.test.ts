import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatItem, MessageItem } from "../../src/modules/chats/chats.service.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { linkNumber, settle } from "../support/linked-number.js";
import { eventually, openRealtime } from "../support/realtime.js";
import { WENT_OUT } from "../support/statuses.js";
import { expectStoredExactlyOnce, startStandaloneSimulator } from "./support.js";

const PER_PHASE = 6;

/**
 * WuzAPI stops in the middle of a conversation and starts again on the same port with its stored
 * state. Meanwhile the number shows as offline with the reason, a send fails visibly and goes out
 * on Retry, and afterwards the restored session brings the number back by itself.
 */
describe("fault: WuzAPI stops mid-conversation and restarts", () => {
  const directory = mkdtempSync(path.join(tmpdir(), "parley-wuzapi-restart-"));
  const dataFile = path.join(directory, "wuzapi-sim.json");
  let simulator: Awaited<ReturnType<typeof startStandaloneSimulator>>;
  let t: TestApp;
  let linked: Awaited<ReturnType<typeof linkNumber>>;

  const account = async () => (await t.call(linked.cookie, "GET", "/api/whatsapp/account")).json().account;
  const send = async (chatId: number, text: string) => {
    const response = await t.call(linked.cookie, "POST", `/api/chats/${chatId}/messages`, { text });
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { message: MessageItem }).message;
  };

  beforeAll(async () => {
    simulator = await startStandaloneSimulator({ dataFile });
    t = await createTestApp(simulator.env);
    linked = await linkNumber(t, simulator.sim.control, "bruno");
  });
  afterAll(async () => {
    await t?.close();
    await simulator?.sim.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it("shows the outage, fails sends visibly, and recovers with every message stored once", async () => {
    const tab = await openRealtime(t.parley.url, linked.cookie);
    await tab.waitFor((event) => event.type === "hello");
    const from = simulator.sim.control.user(linked.wuzapiUserId).peers[0]?.number as string;
    const chats = (await t.call(linked.cookie, "GET", "/api/chats?limit=100")).json().items as ChatItem[];
    const chat = chats.find((item) => item.jid === `${from}@s.whatsapp.net`) as ChatItem;
    const inbound: string[] = [];
    const converse = async (phase: string) => {
      for (let index = 0; index < PER_PHASE; index++)
        inbound.push(
          simulator.sim.control.inbound(linked.wuzapiUserId, { from, text: `${phase} ${index}` }).id,
        );
      await settle(t, simulator.sim.control);
    };

    await converse("before the outage");
    const beforeOutage = await send(chat.id, "reply before the outage");
    expect(beforeOutage.status).toMatch(WENT_OUT);

    // WuzAPI stops: its port refuses connections.
    const port = Number(new URL(simulator.url).port);
    await simulator.sim.close();

    const failed = await send(chat.id, "reply during the outage");
    expect(failed).toMatchObject({ status: "failed", error: "WhatsApp service unavailable" });
    // The periodic check finds WuzAPI gone: the number is offline and says why, live in the tab.
    await t.services.whatsapp.reconcile();
    expect(await account()).toMatchObject({ state: "disconnected", stateDetail: "wuzapi_unreachable" });
    await tab.waitFor((event) => event.type === "account.updated" && event.state === "disconnected");
    // The rest of Parley keeps working.
    expect((await t.call(linked.cookie, "GET", `/api/chats/${chat.id}/messages`)).statusCode).toBe(200);

    // WuzAPI starts again with its stored users; the paired session resumes and says Connected.
    simulator = await startStandaloneSimulator({ dataFile, port });
    await eventually(async () => (await account()).state === "connected", 10_000);
    expect((await account()).stateDetail).toBeNull();
    await tab.waitFor((event) => event.type === "account.updated" && event.state === "connected");
    // The periodic check agrees and changes nothing.
    await t.services.whatsapp.reconcile();
    expect(await account()).toMatchObject({ state: "connected", stateDetail: null });

    const retried = await t.call(linked.cookie, "POST", `/api/chats/${chat.id}/messages/${failed.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect((retried.json() as { message: MessageItem }).message).toMatchObject({
      id: failed.id,
      status: expect.stringMatching(WENT_OUT),
      error: null,
    });
    await converse("after the restart");
    const afterRestart = await send(chat.id, "reply after the restart");
    expect(afterRestart.status).toMatch(WENT_OUT);
    await settle(t, simulator.sim.control);

    const db = t.services.database.db;
    await expectStoredExactlyOnce("WuzAPI restart, inbound", db, linked.account.id, inbound);
    await expectStoredExactlyOnce("WuzAPI restart, sent", db, linked.account.id, [
      beforeOutage.waId,
      failed.waId,
      afterRestart.waId,
    ]);
    const shown = (
      (await t.call(linked.cookie, "GET", `/api/chats/${chat.id}/messages?limit=100`)).json() as {
        items: MessageItem[];
      }
    ).items;
    expect(shown.filter((message) => message.status === "failed")).toEqual([]);
    tab.close();
  });
});
