import { hashPassword } from "../server/src/lib/password.js";
import { createWhatsappContactsRepo } from "../server/src/modules/contacts/whatsapp-contacts.repo.js";
import type { Parley } from "../server/src/runtime.js";
import { eventually, openRealtime } from "../server/test/support/realtime.js";
import { type Figure, lower, ms, percentile } from "./lib.js";
import { generateContacts } from "./matching.js";
import { benchLogin, startBenchParley } from "./parley.js";

const HISTORY_CONVERSATIONS = 100;
const HISTORY_PER_CONVERSATION = 1_000;
const USERS = 10;
const RATE_PER_SECOND = 200;
const LOAD_SECONDS = 10;

async function messageCount(parley: Parley, accountId: number): Promise<number> {
  const row = await parley.services.database.db
    .selectFrom("message")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("account_id", "=", accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Links a user's number through the simulator and waits for the first history to settle. */
async function linkNumber(parley: Parley, username: string) {
  const { userId, cookie } = await benchLogin(parley, username);
  await parley.app.inject({ method: "POST", url: "/api/whatsapp/connect", headers: { cookie } });
  await parley.app.inject({ method: "POST", url: "/api/whatsapp/demo-scan", headers: { cookie } });
  const account = await eventually(async () => {
    const row = await parley.services.accounts.findByUserId(userId);
    return row?.state === "connected" ? row : null;
  }, 30_000);
  await parley.simulator?.control.webhooksIdle();
  await parley.services.inboxWorker.idle();
  return { userId, cookie, account };
}

/**
 * History import of 100k messages (webhook → inbox → chats and messages) against a raw batched
 * insert of the same number of rows, and webhook → browser latency with 10 users receiving
 * 200 messages/s between them.
 */
export async function benchChat(databaseUrl: string | undefined): Promise<Figure[]> {
  const parley = await startBenchParley(databaseUrl);
  try {
    const simulator = parley.simulator;
    if (!simulator) throw new Error("the chat benchmark drives the built-in simulator");
    const { account } = await linkNumber(parley, "alice");
    const wuzapiUserId = account.wuzapi_user_id as string;

    // 1. History import: the simulator posts HistorySync webhooks; time until every message is stored.
    const before = await messageCount(parley, account.id);
    const importStart = performance.now();
    const summary = await simulator.control.historySync(wuzapiUserId, {
      conversations: HISTORY_CONVERSATIONS,
      messagesPerConversation: HISTORY_PER_CONVERSATION,
    });
    await simulator.control.webhooksIdle();
    await parley.services.inboxWorker.idle();
    const importMs = performance.now() - importStart;
    const imported = (await messageCount(parley, account.id)) - before;

    // The same number of rows inserted raw, in batches of 500, into one chat of the same table.
    const chat = await parley.services.database.db
      .insertInto("chat")
      .values({ account_id: account.id, jid: "bench-raw@s.whatsapp.net" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const rawStart = performance.now();
    for (let start = 0; start < imported; start += 500) {
      await parley.services.database.db
        .insertInto("message")
        .values(
          Array.from({ length: Math.min(500, imported - start) }, (_, i) => ({
            account_id: account.id,
            chat_id: chat.id,
            chat_jid: "bench-raw@s.whatsapp.net",
            wa_id: `RAW${start + i}`,
            from_me: false,
            type: "text",
            text: `Raw message ${start + i}`,
            status: "received" as const,
            sent_at: new Date(),
          })),
        )
        .execute();
    }
    const rawMs = performance.now() - rawStart;

    // 2. Ten users, each with an open tab; 200 inbound messages per second between them. One of the
    // numbers holds a big address book (100k WhatsApp contacts): matching each sender must not read it all.
    await createWhatsappContactsRepo(parley.services.database.db).upsertMany(
      account.id,
      generateContacts().whatsapp.map((contact, i) => ({
        jid: contact.jid,
        phoneE164: contact.phoneE164,
        pushName: `WhatsApp ${i}`,
        isGroup: false,
        source: "address_book" as const,
      })),
    );
    for (let i = 0; i < USERS - 3; i++) {
      await parley.services.directory.users.create({
        username: `bench${i}`,
        passwordHash: await hashPassword("parley-demo"),
        fullName: `Bench User ${i}`,
        email: null,
        role: "agent",
      });
    }
    const usernames = ["bruno", "chen", ...Array.from({ length: USERS - 3 }, (_, i) => `bench${i}`), "alice"];
    // Each account's inbox is processed in order, so the k-th message.created on a tab answers the
    // k-th message sent to that account: pair them through a queue of send times.
    const latencies: number[] = [];
    const tabs = [];
    for (const username of usernames) {
      const { cookie, account: linked } =
        username === "alice"
          ? { ...(await benchLogin(parley, "alice")), account }
          : await linkNumber(parley, username);
      const tab = await openRealtime(parley.url, cookie);
      await tab.waitFor((event) => event.type === "hello");
      const sent: number[] = [];
      tab.socket.on("message", (data) => {
        if ((JSON.parse(String(data)) as { type: string }).type !== "message.created") return;
        const at = sent.shift();
        if (at !== undefined) latencies.push(performance.now() - at);
      });
      tabs.push({ tab, sent, wuzapiUserId: linked.wuzapi_user_id as string });
    }
    const from = simulator.control.user(wuzapiUserId).peers[0]?.number ?? "5511999990000";
    // One message per number first, untimed: the first live message after start-up pays one-off
    // costs (code paths compiled, the contact book's index built, a new sender's chat created).
    for (const target of tabs) {
      target.sent.push(performance.now());
      simulator.control.inbound(target.wuzapiUserId, { from, text: "Warm-up" });
    }
    await eventually(async () => latencies.length >= tabs.length, 20_000);
    latencies.length = 0;
    const total = RATE_PER_SECOND * LOAD_SECONDS;
    const loadStart = performance.now();
    for (let i = 0; i < total; i++) {
      const target = tabs[i % tabs.length];
      if (!target) continue;
      const wait = loadStart + (i * 1000) / RATE_PER_SECOND - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      target.sent.push(performance.now());
      simulator.control.inbound(target.wuzapiUserId, { from, text: `Load message ${i}` });
    }
    await eventually(async () => latencies.length >= total, 20_000).catch(() => {});
    for (const { tab } of tabs) tab.close();

    return [
      {
        name: `History import: ${imported.toLocaleString("en")} messages in ${summary.events} HistorySync webhooks (signed, inbox, chats and messages stored)`,
        value: ms(importMs),
        goal: "within 3× a raw batched insert",
        ratio: `${(importMs / rawMs).toFixed(1)}× a raw batched insert of the same number of rows (${ms(rawMs)})`,
        measures: [
          lower("history-import-100k", importMs, "ms"),
          lower("history-import-vs-raw", importMs / rawMs, "×"),
        ],
      },
      {
        name: `Webhook → browser, ${USERS} users with a tab open (one number with 100k WhatsApp contacts), ${RATE_PER_SECOND} inbound messages/s for ${LOAD_SECONDS} s after one warm-up message per number (simulator → webhook → inbox → stored → WebSocket)`,
        value: `p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))} (${latencies.length}/${total} seen)`,
        goal: "p99 < 100 ms",
        measures: [
          lower("webhook-to-browser-10-users-p50", percentile(latencies, 50), "ms"),
          lower("webhook-to-browser-10-users-p99", percentile(latencies, 99), "ms"),
        ],
      },
    ];
  } finally {
    await parley.close();
  }
}
