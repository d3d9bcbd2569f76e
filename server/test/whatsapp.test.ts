import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, simulatorOf, type TestApp } from "./support/app.js";
import { eventually, openRealtime } from "./support/realtime.js";

describe("linking a WhatsApp number", () => {
  let t: TestApp;
  let bruno: string;
  let chen: string;
  beforeAll(async () => {
    t = await createTestApp();
    bruno = await t.login("bruno");
    chen = await t.login("chen");
  });
  afterAll(() => t.close());

  /** Lets the simulator's deliveries and the inbox drain, so no earlier event lands mid-test. */
  const settle = async () => {
    await simulatorOf(t).webhooksIdle();
    await t.services.inboxWorker.idle();
  };
  const account = async (cookie: string) =>
    (await t.call(cookie, "GET", "/api/whatsapp/account")).json().account;

  it("has no account before the first connect, and says the demo phone is available", async () => {
    const response = (await t.call(bruno, "GET", "/api/whatsapp/account")).json();
    expect(response).toEqual({ account: null, demo: true });
  });

  it("connects, shows the live QR, links on scan, and tells every open tab", async () => {
    const tab = await openRealtime(t.parley.url, bruno);
    await tab.waitFor((event) => event.type === "hello");
    const connected = await t.call(bruno, "POST", "/api/whatsapp/connect");
    expect(connected.statusCode).toBe(200);
    expect(connected.json().account.state).toBe("qr");

    const stored = await t.services.accounts.findByUserId(
      (await t.call(bruno, "GET", "/api/me")).json().user.id,
    );
    expect(stored?.wuzapi_user_id).toBeTruthy();
    expect(stored?.wuzapi_token_enc).toMatch(/^v1\./);
    expect(JSON.stringify(connected.json())).not.toContain(stored?.webhook_secret);

    const withQr = await eventually(async () => {
      const current = await account(bruno);
      // The QR webhook brings the code with its expiry (a code fetched live before it has none).
      return current.qr?.image?.startsWith("data:image/png;base64,") && current.qr.expiresAt ? current : null;
    });
    expect(new Date(withQr.qr.expiresAt).getTime()).toBeGreaterThan(Date.now());
    await tab.waitFor((event) => event.type === "account.updated" && event.state === "qr");

    expect((await t.call(bruno, "POST", "/api/whatsapp/demo-scan")).statusCode).toBe(202);
    const linked = await eventually(async () => {
      const current = await account(bruno);
      return current.state === "connected" ? current : null;
    });
    expect(linked.phoneE164).toMatch(/^\+\d{10,15}$/);
    // The history WhatsApp pushes after pairing drives the import bar to done.
    const imported = await eventually(async () => {
      const current = await account(bruno);
      return current.import.state === "done" ? current : null;
    });
    expect(imported.import).toEqual({ state: "done", total: 100, done: 100 });
    // The phone's own profile name arrives as WuzAPI's PushNameSetting ("Connected" with Action.name).
    expect((await eventually(async () => (await account(bruno)).pushName)) as string).toBe("Bruno Tavares");
    expect(linked.jid).toMatch(/@s\.whatsapp\.net$/);
    expect(linked.qr).toBeNull();
    await tab.waitFor((event) => event.type === "account.updated" && event.state === "connected");
    tab.close();
  });

  it("keeps users apart: another user's account and events are not visible", async () => {
    expect((await t.call(chen, "GET", "/api/whatsapp/account")).json().account).toBeNull();
    const chenTab = await openRealtime(t.parley.url, chen);
    await t.call(bruno, "POST", "/api/whatsapp/disconnect");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(chenTab.events.filter((event) => event.type === "account.updated")).toEqual([]);
    chenTab.close();
  });

  it("disconnects keeping the pairing; connecting again needs no QR", async () => {
    expect((await account(bruno)).state).toBe("disconnected");
    const phone = (await t.services.accounts.findByUserId(2))?.phone_e164;
    const again = (await t.call(bruno, "POST", "/api/whatsapp/connect")).json().account;
    expect(again.state === "connected" || again.stateDetail === "connecting").toBe(true);
    expect(again.qr).toBeNull();
    const resumed = await eventually(async () => {
      const current = await account(bruno);
      return current.state === "connected" ? current : null;
    });
    expect(resumed.phoneE164).toBe(phone);
  });

  it("stops saying 'reconnecting' when a paired number never resumes", async () => {
    await settle();
    const row = await t.services.accounts.findByUserId(2);
    await t.services.accounts.update(row?.id ?? 0, { state: "disconnected", state_detail: "connecting" });
    await simulatorOf(t).drop(row?.wuzapi_user_id ?? "");
    await t.services.whatsapp.reconcile();
    expect(await account(bruno)).toMatchObject({ state: "disconnected", stateDetail: "connect_failed" });
    expect((await t.call(bruno, "POST", "/api/whatsapp/connect")).statusCode).toBe(200);
    await eventually(async () => (await account(bruno)).state === "connected");
  });

  it("shows administrators every number's state, and refuses agents", async () => {
    await settle();
    const admin = await t.login("alice");
    const overview = (await t.call(admin, "GET", "/api/whatsapp/accounts")).json().accounts;
    expect(overview.find((row: { username: string }) => row.username === "bruno")).toMatchObject({
      state: "connected",
      phoneE164: expect.any(String),
    });
    expect(overview.find((row: { username: string }) => row.username === "chen").state).toBe("none");
    expect(JSON.stringify(overview)).not.toMatch(/token|secret|hmac/i);
    expect((await t.call(bruno, "GET", "/api/whatsapp/accounts")).statusCode).toBe(403);
  });

  it("unlinks: the number is cleared and the action is audited", async () => {
    const unlinked = await t.call(bruno, "POST", "/api/whatsapp/unlink");
    expect(unlinked.statusCode).toBe(200);
    expect(unlinked.json().account).toMatchObject({ state: "new", phoneE164: null, jid: null });
    const actions = (await t.services.database.db.selectFrom("audit_log").select("action").execute()).map(
      (row) => row.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        "whatsapp.connect",
        "whatsapp.linked",
        "whatsapp.disconnect",
        "whatsapp.unlink",
      ]),
    );
  });

  it("notices an unlink made on the phone", async () => {
    await t.call(chen, "POST", "/api/whatsapp/connect");
    await t.call(chen, "POST", "/api/whatsapp/demo-scan");
    await eventually(async () => (await account(chen)).state === "connected");
    const row = await t.services.accounts.findByUserId(3);
    simulatorOf(t).unlink(row?.wuzapi_user_id ?? "");
    const after = await eventually(async () => {
      const current = await account(chen);
      return current.state === "logged_out" ? current : null;
    });
    expect(after.stateDetail).toBe("unlinked_from_phone");
  });

  it("says the QR expired when nobody scans it, and never loops on its own", async () => {
    const admin = await t.login("alice");
    await t.call(admin, "POST", "/api/whatsapp/connect");
    const expired = await eventually(async () => {
      const current = await account(admin);
      return current.state === "new" && current.stateDetail === "qr_expired" ? current : null;
    }, 8_000);
    expect(expired.qr).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await account(admin)).state).toBe("new");
  });

  it("pairs by phone code while a session is pairing, and refuses it otherwise", async () => {
    const admin = await t.login("alice");
    expect(
      (await t.call(admin, "POST", "/api/whatsapp/pair-phone", { phone: "+55 11 91234-5678" })).json().error
        .code,
    ).toBe("not_pairing");
    await t.call(admin, "POST", "/api/whatsapp/connect");
    const code = await t.call(admin, "POST", "/api/whatsapp/pair-phone", { phone: "+55 11 91234-5678" });
    expect(code.statusCode).toBe(200);
    expect(code.json().linkingCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect((await t.call(admin, "POST", "/api/whatsapp/pair-phone", { phone: "12" })).statusCode).toBe(400);
  });

  it("re-provisions when WuzAPI has lost the user, found by reconciliation", async () => {
    const row = await t.services.accounts.findByUserId(2);
    await t.call(bruno, "POST", "/api/whatsapp/connect");
    const provisioned = await t.services.accounts.findByUserId(2);
    await t.services.wuzapi.client("default")?.admin.deleteUserFull(provisioned?.wuzapi_user_id ?? "");
    await t.services.whatsapp.reconcile();
    expect(await account(bruno)).toMatchObject({ state: "new", stateDetail: "wuzapi_user_missing" });
    const again = await t.call(bruno, "POST", "/api/whatsapp/connect");
    expect(again.json().account.state).toBe("qr");
    expect((await t.services.accounts.findByUserId(2))?.wuzapi_user_id).not.toBe(provisioned?.wuzapi_user_id);
    expect(row?.webhook_secret).toBe((await t.services.accounts.findByUserId(2))?.webhook_secret);
  });

  it("reports WhatsApp as unavailable (503) when WuzAPI is down, without hanging", async () => {
    await simulatorOf(t).faults({ down: true });
    const started = Date.now();
    const response = await t.call(bruno, "POST", "/api/whatsapp/connect");
    await simulatorOf(t).faults({ down: false });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe("whatsapp_unavailable");
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("refuses anonymous callers everywhere", async () => {
    for (const url of ["/api/whatsapp/account", "/api/whatsapp/accounts"])
      expect((await t.app.inject({ url })).statusCode).toBe(401);
    for (const url of ["/api/whatsapp/connect", "/api/whatsapp/unlink", "/api/whatsapp/demo-scan"]) {
      expect((await t.app.inject({ method: "POST", url })).statusCode).toBe(401);
    }
  });
});
