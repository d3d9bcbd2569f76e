import { createSimulator, type Simulator } from "@parley/wuzapi-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_SIMULATOR_TIMINGS, type TestApp } from "./support/app.js";
import { eventually } from "./support/realtime.js";

const ADMIN_TOKEN = "two-instances-admin-token-0123456789";

describe("many numbers on several WuzAPI instances", () => {
  let first: Simulator;
  let second: Simulator;
  let t: TestApp;
  const urls: string[] = [];

  beforeAll(async () => {
    first = createSimulator({ adminToken: ADMIN_TOKEN, logger: false, timings: TEST_SIMULATOR_TIMINGS });
    second = createSimulator({ adminToken: ADMIN_TOKEN, logger: false, timings: TEST_SIMULATOR_TIMINGS });
    urls.push(await first.listen({ port: 0 }), await second.listen({ port: 0 }));
    t = await createTestApp({
      WUZAPI_URL: urls[0] as string,
      WUZAPI_INSTANCES: `second=${urls[1]}`,
      WUZAPI_ADMIN_TOKEN: ADMIN_TOKEN,
    });
  });
  afterAll(async () => {
    await t.close();
    await first.close();
    await second.close();
  });

  const wuzapiUsers = async (url: string) => {
    const response = await fetch(`${url}/admin/users`, { headers: { Authorization: ADMIN_TOKEN } });
    return ((await response.json()) as { data: Array<{ id: string }> }).data.map((user) => user.id);
  };

  it("spreads new accounts over the instances, least loaded first, and remembers each one's", async () => {
    const assigned: Record<string, string> = {};
    for (const username of ["alice", "bruno", "chen"]) {
      const cookie = await t.login(username);
      expect((await t.call(cookie, "POST", "/api/whatsapp/connect")).statusCode).toBe(200);
      const me = (await t.call(cookie, "GET", "/api/me")).json().user;
      const row = await t.services.accounts.findByUserId(me.id);
      assigned[username] = row?.wuzapi_instance ?? "";
    }
    expect(assigned).toEqual({ alice: "default", bruno: "second", chen: "default" });
    const rows = await t.services.accounts.listAll();
    const onFirst = await wuzapiUsers(urls[0] as string);
    const onSecond = await wuzapiUsers(urls[1] as string);
    for (const row of rows) {
      expect(row.wuzapi_instance === "default" ? onFirst : onSecond).toContain(row.wuzapi_user_id);
      expect(row.wuzapi_instance === "default" ? onSecond : onFirst).not.toContain(row.wuzapi_user_id);
    }
  });

  it("links a number through its own instance and hears its webhooks", async () => {
    const bruno = await t.login("bruno");
    const row = await t.services.accounts.findByUserId(
      (await t.call(bruno, "GET", "/api/me")).json().user.id,
    );
    // The pairing session from the test above may have timed out (its QR codes last 1.2 s here).
    expect((await t.call(bruno, "POST", "/api/whatsapp/connect")).statusCode).toBe(200);
    second.control.scan(row?.wuzapi_user_id ?? "", { pushName: "Bruno" });
    const linked = await eventually(async () => {
      const account = (await t.call(bruno, "GET", "/api/whatsapp/account")).json().account;
      return account.state === "connected" ? account : null;
    });
    expect(linked.phoneE164).toMatch(/^\+\d+$/);
    expect((await t.call(bruno, "POST", "/api/whatsapp/unlink")).json().account.state).toBe("new");
    expect(second.control.user(row?.wuzapi_user_id ?? "").phone).toBeNull();
  });

  it("notices an account whose instance is no longer configured", async () => {
    const chen = await t.login("chen");
    const row = await t.services.accounts.findByUserId((await t.call(chen, "GET", "/api/me")).json().user.id);
    await t.services.accounts.update(row?.id ?? 0, { wuzapi_instance: "retired" });
    await t.services.whatsapp.reconcile();
    const account = (await t.call(chen, "GET", "/api/whatsapp/account")).json().account;
    expect(account).toMatchObject({ state: "new", stateDetail: "wuzapi_instance_removed" });
    const again = await t.call(chen, "POST", "/api/whatsapp/connect");
    expect(again.statusCode).toBe(200);
    expect((await t.services.accounts.findByUserId(row?.user_id ?? 0))?.wuzapi_instance).toMatch(
      /^(default|second)$/,
    );
  });
});
