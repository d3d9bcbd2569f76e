import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/app.js";
import { openRealtime } from "./support/realtime.js";

const METRICS_TOKEN = "metrics-token-5f2c9a71e0";

describe("GET /api/metrics", () => {
  let t: TestApp;
  let bruno: string;
  beforeAll(async () => {
    // Behind a proxy, so X-Forwarded-For decides who the caller is.
    t = await createTestApp({ METRICS_TOKEN, TRUST_PROXY: "true" });
    bruno = await t.login("bruno");
  });
  afterAll(() => t.close());

  const scrape = (options: { from?: string; forwardedFor?: string; token?: string } = {}) =>
    t.app.inject({
      method: "GET",
      url: "/api/metrics",
      remoteAddress: options.from ?? "127.0.0.1",
      headers: {
        ...(options.forwardedFor ? { "x-forwarded-for": options.forwardedFor } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
    });

  it("counts requests and times them by method, route pattern and status", async () => {
    await t.call(bruno, "GET", "/api/whatsapp/account");
    await t.call(bruno, "GET", "/api/whatsapp/account");
    await t.call(bruno, "GET", "/api/no-such-route/42");
    const response = await scrape();
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = response.body;
    expect(text).toContain("# TYPE parley_http_requests_total counter");
    expect(text).toContain(
      'parley_http_requests_total{method="GET",route="/api/whatsapp/account",status="200"} 2',
    );
    // Unknown paths share one series, so a scanner cannot make one per URL.
    expect(text).toContain('parley_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).toContain("# TYPE parley_http_request_duration_seconds histogram");
    expect(text).toMatch(
      /parley_http_request_duration_seconds_bucket\{method="GET",route="\/api\/whatsapp\/account",status="200",le="\+Inf"\} 2/,
    );
    expect(text).toMatch(
      /parley_http_request_duration_seconds_count\{method="GET",route="\/api\/whatsapp\/account",status="200"\} 2/,
    );
  });

  it("reports the webhook inbox's depth and lag, WebSocket clients and accounts per state", async () => {
    // An account that has not connected yet: no webhook of its own comes in while the test looks.
    const account = await t.services.accounts.createForUser(
      (await t.call(bruno, "GET", "/api/me")).json().user.id,
      "metrics-test-webhook-secret",
    );
    // With the worker stopped, an appended event stays pending: depth 1, lag growing.
    await t.services.inboxWorker.stop();
    await t.services.inbox.append({
      accountId: account.id,
      type: "ChatPresence",
      payload: {},
      signed: true,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const tab = await openRealtime(t.parley.url, bruno);
    await tab.waitFor((event) => event.type === "hello");
    try {
      const text = (await scrape()).body;
      expect(text).toContain("parley_webhook_inbox_pending 1");
      const lag = Number(/^parley_webhook_inbox_oldest_pending_age_seconds (\S+)$/m.exec(text)?.[1]);
      expect(lag).toBeGreaterThan(0);
      expect(lag).toBeLessThan(60);
      expect(text).toContain("parley_websocket_clients 1");
      expect(text).toContain('parley_whatsapp_accounts{state="new"} 1');
      expect(text).toContain('parley_whatsapp_accounts{state="connected"} 0');
    } finally {
      tab.close();
      t.services.inboxWorker.start();
    }
  });

  it("answers the private network and METRICS_TOKEN holders only", async () => {
    expect((await scrape({ from: "10.0.3.7" })).statusCode).toBe(200);
    expect((await scrape({ from: "::1" })).statusCode).toBe(200);
    expect((await scrape({ from: "::ffff:192.168.1.20" })).statusCode).toBe(200);
    const outsider = await scrape({ from: "203.0.113.9" });
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().error.code).toBe("metrics_forbidden");
    // Through the proxy, the forwarded client address is what counts.
    expect((await scrape({ from: "172.18.0.2", forwardedFor: "198.51.100.4" })).statusCode).toBe(403);
    expect((await scrape({ from: "203.0.113.9", token: "wrong-token-000000000" })).statusCode).toBe(403);
    expect((await scrape({ from: "203.0.113.9", token: METRICS_TOKEN })).statusCode).toBe(200);
  });
});
