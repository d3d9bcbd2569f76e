import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountRow } from "../src/db/schema.js";
import { decryptSecret, encryptSecret, hmacSha256Hex } from "../src/lib/crypto.js";
import { goQueryEscape } from "../src/modules/whatsapp/webhook.routes.js";
import { createTestApp, type TestApp } from "./support/app.js";
import { eventually } from "./support/realtime.js";

describe("WuzAPI webhook ingest", () => {
  let t: TestApp;
  let account: AccountRow;
  let hmacKey: string;
  let url: string;
  beforeAll(async () => {
    t = await createTestApp();
    const cookie = await t.login("bruno");
    await t.app.inject({ method: "POST", url: "/api/whatsapp/connect", headers: { cookie } });
    account = (await t.services.accounts.findByUserId(2)) as AccountRow;
    hmacKey = decryptSecret(account.hmac_key_enc ?? "", t.services.secretKey);
    url = `/api/webhooks/wuzapi/${account.webhook_secret}`;
    // Let the simulator's QR cycle run out, so no webhook of its own arrives during the tests.
    await eventually(
      async () => (await t.services.accounts.findById(account.id))?.state_detail === "qr_expired",
      10_000,
    );
    await t.services.inboxWorker.idle();
  });
  afterAll(() => t.close());

  const events = async () =>
    t.services.database.db
      .selectFrom("wa_event")
      .selectAll()
      .where("account_id", "=", account.id)
      .orderBy("id")
      .execute();
  const connectedEvent = () =>
    JSON.stringify({ type: "Connected", event: {}, userID: account.wuzapi_user_id, instanceName: "x" });
  const post = (body: string, headers: Record<string, string> = {}, path = url) =>
    t.app.inject({
      method: "POST",
      url: path,
      payload: body,
      headers: { "content-type": "application/json", ...headers },
    });

  it("accepts a signed JSON event, stores it and answers at once", async () => {
    const before = (await events()).length;
    const body = connectedEvent();
    const response = await post(body, { "x-hmac-signature": hmacSha256Hex(hmacKey, body) });
    expect(response.statusCode).toBe(200);
    const stored = await events();
    expect(stored).toHaveLength(before + 1);
    expect(stored.at(-1)).toMatchObject({ event_type: "Connected", signed: true });
  });

  it("accepts the form format (jsonData) with the signature over Go's sorted encoding", async () => {
    const fields = {
      userID: account.wuzapi_user_id ?? "",
      jsonData: JSON.stringify({ type: "Disconnected", event: { note: "a b*c~" } }),
      instanceName: "sales team",
    };
    const sorted = Object.entries(fields).sort(([a], [b]) => a.localeCompare(b));
    const goEncoded = sorted.map(([k, v]) => `${goQueryEscape(k)}=${goQueryEscape(v)}`).join("&");
    const sentBody = new URLSearchParams(fields).toString();
    const response = await post(sentBody, {
      "content-type": "application/x-www-form-urlencoded",
      "x-hmac-signature": hmacSha256Hex(hmacKey, goEncoded),
    });
    expect(response.statusCode).toBe(200);
    expect((await events()).at(-1)).toMatchObject({ event_type: "Disconnected", signed: true });
  });

  it("accepts an unsigned event on a valid secret and counts it", async () => {
    const before = (await t.services.accounts.findById(account.id))?.unsigned_webhooks ?? 0;
    expect((await post(connectedEvent())).statusCode).toBe(200);
    expect((await t.services.accounts.findById(account.id))?.unsigned_webhooks).toBe(before + 1);
  });

  it.each([
    ["a bad signature (401)", () => post(connectedEvent(), { "x-hmac-signature": "00".repeat(32) }), 401],
    [
      "an unknown secret (404)",
      () => post(connectedEvent(), {}, "/api/webhooks/wuzapi/not-a-real-secret-value"),
      404,
    ],
    ["malformed JSON (400)", () => post('{"type": "Message", '), 400],
    ["JSON without a type (400)", () => post(JSON.stringify({ event: {} })), 400],
    [
      "a form body without jsonData (400)",
      () => post("userID=x", { "content-type": "application/x-www-form-urlencoded" }),
      400,
    ],
    [
      "another WuzAPI user's event (400)",
      () => post(JSON.stringify({ type: "Connected", event: {}, userID: "someone-else" })),
      400,
    ],
    [
      "a body over the limit (413)",
      () => post(JSON.stringify({ type: "Message", event: { text: "x".repeat(9 * 1024 * 1024) } })),
      413,
    ],
    ["a text/plain body (415)", () => post(connectedEvent(), { "content-type": "text/plain" }), 415],
  ])("refuses %s and writes nothing", async (_name, send, status) => {
    await t.services.inboxWorker.idle();
    const before = await events();
    const unsigned = (await t.services.accounts.findById(account.id))?.unsigned_webhooks;
    const response = await send();
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toEqual(expect.any(String));
    expect(await events()).toEqual(before);
    expect((await t.services.accounts.findById(account.id))?.unsigned_webhooks).toBe(unsigned);
  });

  it("takes a new HMAC key or WuzAPI user at once, though the route keeps the account between events", async () => {
    const signedPost = (body: string, key: string) =>
      post(body, { "x-hmac-signature": hmacSha256Hex(key, body) });
    expect((await signedPost(connectedEvent(), hmacKey)).statusCode).toBe(200);
    // The number is provisioned again: a new WuzAPI user signing with a new key.
    const newKey = "a-new-hmac-key-for-the-reprovisioned-user";
    await t.services.accounts.update(account.id, {
      wuzapi_user_id: "reprovisioned-user",
      hmac_key_enc: encryptSecret(newKey, t.services.secretKey),
    });
    try {
      const before = (await events()).length;
      const fromNewUser = JSON.stringify({ type: "Connected", event: {}, userID: "reprovisioned-user" });
      expect((await signedPost(fromNewUser, newKey)).statusCode).toBe(200);
      expect(await events()).toHaveLength(before + 1);
      // The old key and the old user are refused from then on.
      expect((await signedPost(fromNewUser, hmacKey)).statusCode).toBe(401);
      expect((await post(connectedEvent())).statusCode).toBe(400);
      expect(await events()).toHaveLength(before + 1);
    } finally {
      await t.services.inboxWorker.idle();
      await t.services.accounts.update(account.id, {
        wuzapi_user_id: account.wuzapi_user_id,
        hmac_key_enc: account.hmac_key_enc,
      });
    }
  });

  it("processes events in order per account; a duplicate delivery changes nothing", async () => {
    await t.services.inboxWorker.idle();
    const qr = JSON.stringify({
      type: "QR",
      event: "code",
      qrCodeBase64: "data:image/png;base64,AAAA",
      userID: account.wuzapi_user_id,
    });
    await t.services.accounts.update(account.id, { state: "qr", qr_code: null });
    for (let i = 0; i < 2; i++) expect((await post(qr)).statusCode).toBe(200);
    await t.services.inboxWorker.idle();
    const after = await t.services.accounts.findById(account.id);
    expect(after).toMatchObject({ state: "qr", qr_code: "data:image/png;base64,AAAA" });
    expect((await events()).every((event) => event.processed_at !== null)).toBe(true);
  });

  it("retries a failing event with its error kept, then sets it aside", async () => {
    const failing = await t.services.inbox.append({
      accountId: account.id,
      type: "Connected",
      payload: { type: "Connected", event: {} },
      signed: true,
    });
    await t.services.inbox.markFailed(failing, "database hiccup", new Date(Date.now() - 1));
    await t.services.inboxWorker.idle();
    const retried = await t.services.database.db
      .selectFrom("wa_event")
      .selectAll()
      .where("id", "=", failing)
      .executeTakeFirstOrThrow();
    expect(retried.processed_at).not.toBeNull();
    expect(retried.last_error).toBeNull();
    expect(retried.attempts).toBe(1);
  });
});
