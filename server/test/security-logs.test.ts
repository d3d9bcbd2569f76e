import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountRow } from "../src/db/schema.js";
import { SESSION_COOKIE } from "../src/http/session-auth.js";
import { decryptSecret, hmacSha256Hex } from "../src/lib/crypto.js";
import { createLogger } from "../src/lib/logger.js";
import { type Parley, startParley } from "../src/runtime.js";
import { SAMPLE_PASSWORD, sessionCookieOf, simulatorOf, TEST_SIMULATOR_TIMINGS } from "./support/app.js";
import { createTestDatabase } from "./support/database.js";
import { eventually } from "./support/realtime.js";
import { testConfig } from "./support/test-config.js";

/**
 * The production logger, at debug level, through a whole flow: sign-in (right and wrong password),
 * linking a number, WuzAPI's webhooks, an unknown webhook secret, sending a message, sign-out.
 * No line may carry a password, a session cookie, a WuzAPI token, the HMAC key or a webhook secret.
 */
describe("logs keep secrets out", () => {
  const lines: string[] = [];
  let parley: Parley;
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    const config = testConfig({ LOG_LEVEL: "debug" });
    const logger = createLogger(config, { write: (line: string) => void lines.push(line) });
    parley = await startParley(config, logger, {
      database: await createTestDatabase(),
      simulator: { timings: TEST_SIMULATOR_TIMINGS },
    });
    const { app, services } = parley;
    const call = (cookie: string, method: "GET" | "POST", url: string, payload?: object) =>
      app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

    await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "alice", password: "a-wrong-password-42" },
    });
    const login = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "alice", password: SAMPLE_PASSWORD },
    });
    const token = sessionCookieOf(login);
    const cookie = `${SESSION_COOKIE}=${token}`;
    await call(cookie, "POST", "/api/whatsapp/connect");
    await call(cookie, "POST", "/api/whatsapp/demo-scan");
    await eventually(async () => {
      const { account } = (await call(cookie, "GET", "/api/whatsapp/account")).json();
      return account?.state === "connected" && account.import.state === "done";
    }, 20_000);

    const account = (await services.accounts.findByUserId(1)) as AccountRow;
    const hmacKey = decryptSecret(account.hmac_key_enc ?? "", services.secretKey);
    const body = JSON.stringify({ type: "Connected", event: {}, userID: account.wuzapi_user_id });
    await app.inject({
      method: "POST",
      url: `/api/webhooks/wuzapi/${account.webhook_secret}`,
      headers: { "content-type": "application/json", "x-hmac-signature": hmacSha256Hex(hmacKey, body) },
      payload: body,
    });
    await app.inject({
      method: "POST",
      url: "/api/webhooks/wuzapi/an-unknown-but-well-formed-secret",
      headers: { "content-type": "application/json" },
      payload: body,
    });
    const chat = (await call(cookie, "GET", "/api/chats?limit=1")).json().items[0];
    await call(cookie, "POST", `/api/chats/${chat.id}/messages`, { text: "hello from the log test" });
    await simulatorOf({ parley }).webhooksIdle();
    await services.inboxWorker.idle();
    await call(cookie, "POST", "/api/auth/logout");

    Object.assign(secrets, {
      password: SAMPLE_PASSWORD,
      wrongPassword: "a-wrong-password-42",
      sessionToken: token,
      webhookSecret: account.webhook_secret,
      unknownWebhookSecret: "an-unknown-but-well-formed-secret",
      wuzapiToken: decryptSecret(account.wuzapi_token_enc ?? "", services.secretKey),
      hmacKey,
      secretKey: config.secretKey ?? "",
    });
  }, 60_000);
  afterAll(() => parley?.close());

  it("logged the flow, request lines included (the check below has something to read)", () => {
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((line) => line.includes('"url":"/api/webhooks/wuzapi/[redacted]"'))).toBe(true);
    expect(lines.some((line) => line.includes("/api/auth/login"))).toBe(true);
  });

  it("writes no password, cookie, token, key or webhook secret", () => {
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThan(8);
      const leaking = lines.filter((line) => line.includes(secret));
      expect(leaking, `${name} appears in the log`).toEqual([]);
    }
  });

  it("redacts credentials even when code logs them by name", () => {
    const captured: string[] = [];
    const logger = createLogger(testConfig({ LOG_LEVEL: "info" }), {
      write: (line: string) => void captured.push(line),
    });
    logger.info({ password: "p4ssw0rd-leak", user: { token: "t0ken-leak" } }, "careless line");
    expect(captured).toHaveLength(1);
    expect(captured.join("")).not.toMatch(/p4ssw0rd-leak|t0ken-leak/);
  });
});
