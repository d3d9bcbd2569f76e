import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountRow } from "../src/db/schema.js";
import { decryptSecret, hmacSha256Hex } from "../src/lib/crypto.js";
import { createTestApp, type TestApp } from "./support/app.js";
import { dataFingerprint, settledFingerprint } from "./support/data-fingerprint.js";
import {
  CONTENT_TYPES,
  hostileSegment,
  hostileValue,
  RAW_BODIES,
  shortHostileText,
} from "./support/hostile-input.js";
import { eventually } from "./support/realtime.js";

/**
 * `POST /api/webhooks/wuzapi/:secret` under hostile input: wrong secrets, bad or missing signatures,
 * every kind of body and content type, events of every WuzAPI type with garbage inside. It answers
 * 2xx or a well-formed 4xx, a refusal writes nothing, and the inbox worker survives whatever was
 * accepted and goes on processing.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

const EVENT_TYPES = [
  "Message",
  "ReadReceipt",
  "HistorySync",
  "ChatPresence",
  "QR",
  "QRTimeout",
  "PairSuccess",
  "Connected",
  "Disconnected",
  "LoggedOut",
  "KeepAliveTimeout",
  "PairError",
  "TemporaryBan",
  "Contact",
  "PushName",
];

describe("the WuzAPI webhook survives hostile input", () => {
  let t: TestApp;
  let account: AccountRow;

  beforeAll(async () => {
    t = await createTestApp();
    const cookie = await t.login("bruno");
    await t.app.inject({ method: "POST", url: "/api/whatsapp/connect", headers: { cookie } });
    account = (await t.services.accounts.findByUserId(2)) as AccountRow;
    // Let the simulator's QR cycle run out, so no webhook of its own arrives during the run.
    await eventually(
      async () => (await t.services.accounts.findById(account.id))?.state_detail === "qr_expired",
      10_000,
    );
    await t.services.inboxWorker.idle();
    console.info(`fuzz-webhook: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`);
  });
  afterAll(() => t?.close());

  const eventArbitrary = fc.record(
    {
      type: fc.oneof(fc.constantFrom(...EVENT_TYPES), shortHostileText),
      event: hostileValue,
      userID: fc.oneof(fc.constant("<own>"), shortHostileText),
      instanceName: shortHostileText,
    },
    { requiredKeys: ["type"] },
  );

  const requestArbitrary = fc.record({
    secret: fc.oneof(
      { weight: 6, arbitrary: fc.constant("<own>") },
      { weight: 1, arbitrary: hostileSegment },
      { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{16,128}$/) },
    ),
    body: fc.oneof(
      { weight: 4, arbitrary: eventArbitrary.map((event) => ({ kind: "event" as const, event })) },
      {
        weight: 1,
        arbitrary: hostileValue.map((value) => ({ kind: "raw" as const, text: JSON.stringify(value) ?? "" })),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(...RAW_BODIES).map((text) => ({ kind: "raw" as const, text })),
      },
    ),
    form: fc.boolean(),
    contentType: fc.constantFrom(...CONTENT_TYPES),
    signature: fc.constantFrom("none", "good", "bad", "garbage"),
    garbageSignature: shortHostileText,
  });

  it("answers 2xx or a well-formed 4xx, and a refusal writes nothing", async () => {
    let before = await settledFingerprint(t);
    await fc.assert(
      fc.asyncProperty(requestArbitrary, async (input) => {
        // Accepted events may re-provision the account: use what is stored now.
        const current = (await t.services.accounts.findById(account.id)) as AccountRow;
        const hmacKey = current.hmac_key_enc ? decryptSecret(current.hmac_key_enc, t.services.secretKey) : "";
        const own = (value: string | undefined) =>
          value === "<own>" ? (current.wuzapi_user_id ?? "") : value;
        const secret = input.secret === "<own>" ? current.webhook_secret : input.secret;

        let payload: string;
        let contentType = input.contentType;
        if (input.body.kind === "event" && input.form) {
          const { userID, instanceName, ...rest } = input.body.event;
          payload = new URLSearchParams({
            jsonData: JSON.stringify(rest),
            userID: own(userID) ?? "",
            instanceName: instanceName ?? "",
          }).toString();
          contentType = "application/x-www-form-urlencoded";
        } else if (input.body.kind === "event") {
          payload = JSON.stringify({ ...input.body.event, userID: own(input.body.event.userID) });
        } else payload = input.body.text;

        const headers: Record<string, string> = {};
        if (contentType) headers["content-type"] = contentType;
        if (input.signature === "good") headers["x-hmac-signature"] = hmacSha256Hex(hmacKey, payload);
        if (input.signature === "bad") headers["x-hmac-signature"] = hmacSha256Hex("not-the-key", payload);
        if (input.signature === "garbage")
          headers["x-hmac-signature"] = Buffer.from(input.garbageSignature, "utf8").toString("latin1");

        const response = await t.app.inject({
          method: "POST",
          url: `/api/webhooks/wuzapi/${secret}`,
          headers,
          payload,
        });
        const where = `${input.signature} ${contentType} ${payload.slice(0, 200)} -> ${response.statusCode} ${response.body.slice(0, 300)}`;
        expect(response.statusCode, where).toBeGreaterThanOrEqual(200);
        expect(response.statusCode, where).toBeLessThan(500);
        if (response.statusCode < 400) {
          before = await settledFingerprint(t);
          return;
        }
        expect(JSON.parse(response.body), where).toEqual({
          error: expect.objectContaining({
            code: expect.stringMatching(/^[a-z_]+$/),
            message: expect.stringMatching(/.{4,}/),
          }),
          requestId: expect.any(String),
        });
        expect(await dataFingerprint(t.services.database.db), where).toEqual(before);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 180_000);

  it("processes every accepted event (none is stuck) and still takes the next one", async () => {
    await settledFingerprint(t);
    // A garbage event is skipped or set aside, never retried: a retry would hold back the account's
    // later events.
    const unfinished = await t.services.database.db
      .selectFrom("wa_event")
      .select(["id", "event_type", "payload", "attempts", "last_error"])
      .where((eb) => eb.or([eb("processed_at", "is", null), eb("last_error", "is not", null)]))
      .execute();
    expect(unfinished).toEqual([]);

    const current = (await t.services.accounts.findById(account.id)) as AccountRow;
    const body = JSON.stringify({
      type: "QR",
      event: "code",
      qrCodeBase64: "data:image/png;base64,AAAA",
      userID: current.wuzapi_user_id,
    });
    const response = await t.app.inject({
      method: "POST",
      url: `/api/webhooks/wuzapi/${current.webhook_secret}`,
      headers: { "content-type": "application/json" },
      payload: body,
    });
    expect(response.statusCode).toBe(200);
    await t.services.inboxWorker.idle();
    const last = await t.services.database.db
      .selectFrom("wa_event")
      .select(["processed_at", "last_error"])
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(last).toEqual({ processed_at: expect.any(Date), last_error: null });
  });

  it("refuses a body over the size limit with 413 and writes nothing", async () => {
    const before = await settledFingerprint(t);
    const current = (await t.services.accounts.findById(account.id)) as AccountRow;
    const response = await t.app.inject({
      method: "POST",
      url: `/api/webhooks/wuzapi/${current.webhook_secret}`,
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ type: "Message", event: { text: "ü".repeat(5 * 1024 * 1024) } }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe("payload_too_large");
    expect(await dataFingerprint(t.services.database.db)).toEqual(before);
  });
});
