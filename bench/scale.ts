import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { sql } from "kysely";
import WebSocket from "ws";
import { randomToken } from "../server/src/lib/crypto.js";
import { type Figure, lower, ms } from "./lib.js";
import { benchLogin, startBenchParley } from "./parley.js";
import { signIn, startServerProcess } from "./server-process.js";

const CHATS = 1_000;
const MESSAGES_PER_CHAT = 1_000;
const IDLE_SOCKETS = 1_000;

/** The chat list and a message page with 1M messages stored for one number. */
export async function benchChatApis(databaseUrl: string | undefined): Promise<Figure[]> {
  const parley = await startBenchParley(databaseUrl);
  try {
    const { db } = parley.services.database;
    const { userId, cookie } = await benchLogin(parley, "chen");
    const account = await parley.services.accounts.createForUser(userId, randomToken(32));
    const loadStart = performance.now();
    await sql`insert into chat (account_id, jid, title, last_message_at, last_message_preview)
      select ${account.id}, '55119' || lpad(n::text, 8, '0') || '@s.whatsapp.net', 'Customer ' || n,
        now() - (n || ' minutes')::interval, 'Last message of chat ' || n
      from generate_series(1, ${CHATS}) as n`.execute(db);
    await sql`insert into message (account_id, chat_id, chat_jid, wa_id, from_me, type, text, status, sent_at)
      select c.account_id, c.id, c.jid, 'BENCH' || c.id || '_' || m, m % 3 = 0, 'text',
        'Message ' || m || ' in ' || c.title, case when m % 3 = 0 then 'read' else 'received' end,
        now() - ((${MESSAGES_PER_CHAT} - m) || ' seconds')::interval - ((c.id % ${CHATS}) || ' minutes')::interval
      from chat c cross join generate_series(1, ${MESSAGES_PER_CHAT}) as m
      where c.account_id = ${account.id}`.execute(db);
    await sql`analyze`.execute(db);
    const loadMs = performance.now() - loadStart;
    const chat = await db
      .selectFrom("chat")
      .select("id")
      .where("account_id", "=", account.id)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const middle = await db
      .selectFrom("message")
      .select("id")
      .where("chat_id", "=", chat.id)
      .orderBy("sent_at", "desc")
      .offset(MESSAGES_PER_CHAT / 2)
      .limit(1)
      .executeTakeFirstOrThrow();

    const p99 = async (pathAndQuery: string) => {
      const result = await autocannon({
        url: `${parley.url}${pathAndQuery}`,
        headers: { cookie },
        connections: 10,
        duration: 5,
      });
      if (result.non2xx > 0) throw new Error(`${pathAndQuery} answered ${result.non2xx} errors`);
      return {
        text: `p99 ${result.latency.p99} ms, ${result.requests.average.toFixed(0)} req/s`,
        p99: result.latency.p99,
      };
    };
    const list = await p99("/api/chats?limit=50");
    const page = await p99(`/api/chats/${chat.id}/messages?before=${middle.id}&limit=50`);
    const search = await p99("/api/chats?q=Message%20999%20in%20Customer%2042&limit=20");
    const stored = `${(CHATS * MESSAGES_PER_CHAT).toLocaleString("en")} messages in ${CHATS.toLocaleString("en")} chats (loaded in ${ms(loadMs)})`;
    return [
      {
        name: `Chat list API (first 50 chats), ${stored}, 10 connections`,
        value: list.text,
        goal: "p99 < 200 ms",
        measures: [lower("chat-list-api-1m-p99", list.p99, "ms")],
      },
      {
        name: `Message page API (50 messages before one in the middle of a 1,000-message chat), ${stored}`,
        value: page.text,
        goal: "p99 < 200 ms",
        measures: [lower("message-page-api-1m-p99", page.p99, "ms")],
      },
      {
        name: `Chat search by message text across ${stored}`,
        value: search.text,
        goal: "p99 < 500 ms",
        ratio: `${(search.p99 / list.p99).toFixed(1)}× the chat list's p99 in the same run`,
        measures: [
          lower("chat-search-1m-p99", search.p99, "ms"),
          lower("chat-search-vs-list", search.p99 / list.p99, "×"),
        ],
      },
    ];
  } finally {
    await parley.close();
  }
}

/**
 * Memory of one server process holding 1,000 idle WebSocket clients (tabs left open). On
 * PostgreSQL when given: the embedded database's ~500 MB would drown the sockets in noise.
 */
export async function benchIdleSockets(databaseUrl: string | undefined): Promise<Figure[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "parley-bench-ws-"));
  const server = await startServerProcess({
    port: 18_090,
    dataDir,
    env: databaseUrl ? { DATABASE_URL: databaseUrl } : {},
  });
  const sockets: WebSocket[] = [];
  try {
    const { cookie } = await signIn(server.url, "bruno");
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const before = server.rssMb();
    for (let i = 0; i < IDLE_SOCKETS; i++) {
      const socket = new WebSocket(`${server.url.replace("http", "ws")}/api/ws`, { headers: { cookie } });
      await new Promise<void>((resolve, reject) => {
        socket.once("message", () => resolve());
        socket.once("error", reject);
      });
      sockets.push(socket);
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const after = server.rssMb();
    return [
      {
        name: `Server RSS with ${IDLE_SOCKETS.toLocaleString("en")} idle WebSocket clients (${databaseUrl ? "PostgreSQL" : "embedded database"})`,
        value: `${after.toFixed(0)} MB`,
        goal: "< 1 GB",
        ratio: `+${(after - before).toFixed(0)} MB over ${before.toFixed(0)} MB with none: ${(((after - before) * 1024) / IDLE_SOCKETS).toFixed(1)} KB per client`,
        measures: [lower("rss-1000-idle-websockets", after, "MB")],
      },
    ];
  } finally {
    for (const socket of sockets) socket.terminate();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
