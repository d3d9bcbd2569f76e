import type { SimulatorControl } from "@parley/wuzapi-sim";
import { expect } from "vitest";
import type { AccountRow } from "../../src/db/schema.js";
import type { TestApp } from "./app.js";
import { eventually } from "./realtime.js";

/** Webhooks delivered and every stored event processed. */
export async function settle(t: TestApp, sim: SimulatorControl): Promise<void> {
  await sim.webhooksIdle();
  await t.services.inboxWorker.idle();
}

/**
 * Links `username`'s number the way a person does (Connect, then the phone scans the code) and
 * waits for the first history import to finish.
 */
export async function linkNumber(t: TestApp, sim: SimulatorControl, username: string) {
  const cookie = await t.login(username);
  const connect = await t.call(cookie, "POST", "/api/whatsapp/connect");
  expect(connect.statusCode, connect.body).toBe(200);
  const userId = (await t.call(cookie, "GET", "/api/me")).json().user.id as number;
  const pending = (await t.services.accounts.findByUserId(userId)) as AccountRow;
  sim.scan(pending.wuzapi_user_id as string, { pushName: username });
  await eventually(async () => {
    const { account } = (await t.call(cookie, "GET", "/api/whatsapp/account")).json();
    return account.state === "connected" && account.import.state === "done";
    // Generous: a busy test machine.
  }, 30_000);
  await settle(t, sim);
  const account = (await t.services.accounts.findByUserId(userId)) as AccountRow;
  return { cookie, userId, account, wuzapiUserId: account.wuzapi_user_id as string };
}
