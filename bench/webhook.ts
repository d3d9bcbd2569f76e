import { decryptSecret, hmacSha256Hex } from "../server/src/lib/crypto.js";
import { openRealtime } from "../server/test/support/realtime.js";
import { type Figure, higher, lower, ms, percentile } from "./lib.js";
import { benchLogin, startBenchParley } from "./parley.js";

const EVENTS = 4_000;
const CONCURRENCY = 16;
const LATENCY_SAMPLES = 300;

function messageEvent(i: number, userId: string) {
  return JSON.stringify({
    type: "Message",
    event: {
      Info: {
        Chat: "5511912345678@s.whatsapp.net",
        Sender: "5511912345678@s.whatsapp.net",
        IsFromMe: false,
        IsGroup: false,
        ID: `3EB0BENCH${i.toString(16).padStart(8, "0")}`,
        PushName: "Ana",
        Timestamp: new Date().toISOString(),
        Type: "text",
      },
      Message: { conversation: `Benchmark message number ${i}: ${"lorem ipsum ".repeat(20)}` },
      IsEphemeral: false,
      IsViewOnce: false,
    },
    userID: userId,
    instanceName: "bench",
  });
}

/** Webhook ingest vs a raw batched insert, inbox processing, and webhook → browser latency. */
export async function benchWebhooks(databaseUrl: string | undefined): Promise<Figure[]> {
  const parley = await startBenchParley(databaseUrl);
  try {
    const { services, app, url } = parley;
    const { userId, cookie } = await benchLogin(parley, "bruno");
    await app.inject({ method: "POST", url: "/api/whatsapp/connect", headers: { cookie } });
    const account = await services.accounts.findByUserId(userId);
    if (!account?.hmac_key_enc || !account.wuzapi_user_id) throw new Error("account not provisioned");
    const key = decryptSecret(account.hmac_key_enc, services.secretKey);
    const hook = `${url}/api/webhooks/wuzapi/${account.webhook_secret}`;
    const bodies = Array.from({ length: EVENTS }, (_, i) =>
      messageEvent(i, account.wuzapi_user_id as string),
    );

    // 1. Accept rate, with processing paused so only ingest is measured.
    await services.inboxWorker.stop();
    let next = 0;
    const acceptStart = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++] as string;
          const response = await fetch(hook, {
            method: "POST",
            body,
            headers: { "content-type": "application/json", "x-hmac-signature": hmacSha256Hex(key, body) },
          });
          if (!response.ok) throw new Error(`webhook answered ${response.status}`);
        }
      }),
    );
    const acceptRate = EVENTS / ((performance.now() - acceptStart) / 1000);

    // 2. The same rows inserted raw, in batches, into the same table of the same database.
    const rawStart = performance.now();
    for (let i = 0; i < bodies.length; i += 500) {
      await services.database.db
        .insertInto("wa_event")
        .values(
          bodies.slice(i, i + 500).map((payload) => ({
            account_id: account.id,
            event_type: "Bench",
            payload,
            processed_at: new Date(),
          })),
        )
        .execute();
    }
    const rawRate = EVENTS / ((performance.now() - rawStart) / 1000);

    // 3. Processing rate of the inbox worker (ordered, per account, marking each event).
    const processStart = performance.now();
    services.inboxWorker.start();
    await services.inboxWorker.idle();
    const processRate = EVENTS / ((performance.now() - processStart) / 1000);

    // 4. Webhook → browser: a connection event's account.updated reaching an open WebSocket.
    const tab = await openRealtime(url, cookie);
    await tab.waitFor((event) => event.type === "hello");
    await services.accounts.update(account.id, { state: "connected" });
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const type = i % 2 === 0 ? "KeepAliveTimeout" : "KeepAliveRestored";
      const expected = i % 2 === 0 ? "disconnected" : "connected";
      const body = JSON.stringify({ type, event: {}, userID: account.wuzapi_user_id });
      tab.events.length = 0;
      const sent = performance.now();
      await fetch(hook, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "x-hmac-signature": hmacSha256Hex(key, body) },
      });
      await tab.waitFor((event) => event.type === "account.updated" && event.state === expected, 10_000);
      latencies.push(performance.now() - sent);
    }
    tab.close();

    return [
      {
        name: `Webhook ingest (${EVENTS} signed Message events, ${CONCURRENCY} concurrent senders, HMAC check + inbox insert)`,
        value: `${acceptRate.toFixed(0)} events/s`,
        goal: "≥ 500 events/s (a 10-user team peaks near 200 messages/s)",
        ratio: `${((acceptRate / rawRate) * 100).toFixed(1)}% of a raw batched insert into the same table (${rawRate.toFixed(0)} rows/s)`,
        measures: [
          higher("webhook-ingest", acceptRate, "events/s"),
          higher("webhook-ingest-vs-raw", (acceptRate / rawRate) * 100, "%"),
        ],
      },
      {
        name: "Webhook inbox processing (ordered per account, one event at a time)",
        value: `${processRate.toFixed(0)} events/s`,
        goal: "≥ webhook ingest rate of a busy team (200 events/s)",
        ratio: `${((processRate / rawRate) * 100).toFixed(1)}% of the raw batched insert`,
        measures: [higher("webhook-inbox-processing", processRate, "events/s")],
      },
      {
        name: `Webhook → browser latency (${LATENCY_SAMPLES} sequential connection events, WebSocket)`,
        value: `p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`,
        goal: "p99 < 100 ms",
        measures: [lower("webhook-to-browser-connection-p99", percentile(latencies, 99), "ms")],
      },
    ];
  } finally {
    await parley.close();
  }
}
