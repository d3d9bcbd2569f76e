import type { SimulatorControl } from "@parley/wuzapi-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, simulatorOf, TEST_SIMULATOR_TIMINGS, type TestApp } from "../support/app.js";
import { createTestDatabase } from "../support/database.js";
import { linkNumber, settle } from "../support/linked-number.js";
import { openRealtime } from "../support/realtime.js";
import { expectStoredExactlyOnce, needsPostgres, postgresUrl, startTcpProxy } from "./support.js";

const OUTAGE_MS = 1_500;
/** WuzAPI's retries (here 0.4, 0.8, 1.6, 3.2 s apart) must outlast the outage, as its 30 s … 2 min do. */
const RETRY_DELAY_MS = 400;

/**
 * The database becomes unreachable (every connection dropped, new ones refused) and comes back.
 * The shared PostgreSQL server keeps running for other tests: a TCP proxy between this server and
 * PostgreSQL is cut and restored. Webhooks that arrive meanwhile are answered 5xx, so WuzAPI
 * retries them, and the inbox stores every message once the database is back.
 */
describe.skipIf(!postgresUrl)(`fault: the database goes away and comes back${needsPostgres}`, () => {
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let t: TestApp;
  let sim: SimulatorControl;
  let linked: Awaited<ReturnType<typeof linkNumber>>;

  /** Webhook requests this server answered with a 5xx, from its own metrics. */
  const webhookErrors = async () => {
    const text = (await t.app.inject({ url: "/api/metrics" })).body;
    return [
      ...text.matchAll(
        /^parley_http_requests_total\{method="POST",route="\/api\/webhooks\/wuzapi\/:secret",status="5\d\d"\} (\d+)$/gm,
      ),
    ].reduce((sum, match) => sum + Number(match[1]), 0);
  };

  beforeAll(async () => {
    const server = new URL(postgresUrl as string);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    t = await createTestApp(
      {},
      {
        database: await createTestDatabase({ via: proxy.address }),
        simulator: { timings: { ...TEST_SIMULATOR_TIMINGS, webhookRetryDelayMs: RETRY_DELAY_MS } },
      },
    );
    sim = simulatorOf(t);
    linked = await linkNumber(t, sim, "bruno");
  });
  afterAll(async () => {
    proxy?.restore();
    await t?.close();
    await proxy?.close();
  });

  it("refuses webhooks with 5xx while it is gone, and stores every message once after", async () => {
    const tab = await openRealtime(t.parley.url, linked.cookie);
    await tab.waitFor((event) => event.type === "hello");
    const from = sim.user(linked.wuzapiUserId).peers[0]?.number as string;
    const inbound = (text: string) => sim.inbound(linked.wuzapiUserId, { from, text }).id;
    const sent = Array.from({ length: 5 }, (_, index) => inbound(`before ${index}`));
    await settle(t, sim);
    expect(await webhookErrors()).toBe(0);
    expect(proxy.connections()).toBeGreaterThan(0);

    proxy.cut();
    sent.push(...Array.from({ length: 8 }, (_, index) => inbound(`during ${index}`)));
    // A webhook now cannot be stored: it is refused as retryable, never acknowledged and lost.
    const refused = await t.app.inject({
      method: "POST",
      url: `/api/webhooks/wuzapi/${linked.account.webhook_secret}`,
      payload: JSON.stringify({ type: "ChatPresence", event: {}, userID: linked.wuzapiUserId }),
      headers: { "content-type": "application/json" },
    });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe("database_unavailable");
    expect(refused.headers["retry-after"]).toBeDefined();
    // Readiness says why, and the API fails fast instead of hanging.
    const ready = await t.app.inject({ url: "/api/ready" });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.database).toBe("unreachable");
    const startedAt = Date.now();
    expect((await t.call(linked.cookie, "GET", "/api/chats")).statusCode).toBe(503);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));

    proxy.restore();
    sent.push(...Array.from({ length: 5 }, (_, index) => inbound(`after ${index}`)));
    await settle(t, sim);
    expect((await t.app.inject({ url: "/api/ready" })).statusCode).toBe(200);
    // WuzAPI's deliveries were refused and retried (beyond the one posted above), and none was dropped.
    expect(await webhookErrors()).toBeGreaterThan(1);
    expect(sim.user(linked.wuzapiUserId).webhooks).toMatchObject({ failed: 0, pending: 0 });
    await expectStoredExactlyOnce("database outage", t.services.database.db, linked.account.id, sent);

    // The real-time feed lost its LISTEN connection too: tabs are told to refetch.
    await tab.waitFor((event) => event.type === "bus.resynced", 10_000);
    const chat = (await t.call(linked.cookie, "GET", "/api/chats?limit=100"))
      .json()
      .items.find((item: { jid: string }) => item.jid === `${from}@s.whatsapp.net`);
    expect(chat.lastMessagePreview).toBe("after 4");
    tab.close();
  });
});
