import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SimulatorControl } from "@parley/wuzapi-sim";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/database.js";
import type { AccountView } from "../../src/modules/whatsapp/account-view.js";
import { SAMPLE_PASSWORD } from "../support/app.js";
import { createTestDatabase } from "../support/database.js";
import { eventually } from "../support/realtime.js";
import {
  expectStoredExactlyOnce,
  freePort,
  needsPostgres,
  postgresUrl,
  startStandaloneSimulator,
} from "./support.js";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
/** 10,000 messages in 5 events of 2,000: seconds of import to kill the server in. */
const CONVERSATIONS = 40;
const PER_CONVERSATION = 250;
/** The inbox lease a killed process leaves behind (inbox.worker.ts). */
const LEASE_MS = 30_000;

interface ServerProcess {
  child: ChildProcess;
  output: string[];
}

/**
 * A server process is SIGKILLed in the middle of a large history import and started again. The
 * import completes with every message stored exactly once: the inbox keeps the events that were
 * not processed yet, the dead process's lease on the account expires and the new process takes it,
 * and WuzAPI retries any webhook the dead process did not answer.
 */
describe.skipIf(!postgresUrl)(`fault: a server process killed during history import${needsPostgres}`, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "parley-killed-"));
  let simulator: Awaited<ReturnType<typeof startStandaloneSimulator>>;
  let sim: SimulatorControl;
  let database: DatabaseHandle;
  let url: string;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  /** Every message WuzAPI delivered in a HistorySync webhook, by WhatsApp id. */
  const delivered = new Set<string>();
  /** Webhook posts that found no server to answer them (WuzAPI retries those). */
  let unanswered = 0;
  const originalFetch = globalThis.fetch;

  async function startServer(): Promise<ServerProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const started: ServerProcess = { child, output: [] };
    for (const stream of [child.stdout, child.stderr])
      stream?.on("data", (chunk) => started.output.push(String(chunk)));
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && child.exitCode === null) {
      const ready = await originalFetch(`${url}/api/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return started;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill("SIGKILL");
    throw new Error(`the server did not become ready:\n${started.output.join("")}`);
  }

  async function kill(target: ServerProcess | undefined, signal: NodeJS.Signals) {
    if (!target || target.child.exitCode !== null || target.child.signalCode !== null) return;
    const exited = new Promise((resolve) => target.child.once("exit", resolve));
    target.child.kill(signal);
    await exited;
  }

  const api = async <T>(cookie: string, method: string, route: string): Promise<T> => {
    const response = await originalFetch(`${url}${route}`, { method, headers: { cookie } });
    expect(response.status, `${method} ${route}`).toBeLessThan(300);
    return (await response.json()) as T;
  };
  const importOf = async (cookie: string) =>
    (await api<{ account: AccountView }>(cookie, "GET", "/api/whatsapp/account")).account;
  const storedMessages = async (accountId: number) =>
    Number(
      (
        await database.db
          .selectFrom("message")
          .select(sql<number>`count(*)`.as("n"))
          .where("account_id", "=", accountId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const unprocessedEvents = async (accountId: number) =>
    Number(
      (
        await database.db
          .selectFrom("wa_event")
          .select(sql<number>`count(*)`.as("n"))
          .where("account_id", "=", accountId)
          .where("processed_at", "is", null)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    // WuzAPI retries a webhook nobody answers for a while (0.5 … 32 s here): long enough for a restart.
    simulator = await startStandaloneSimulator({
      timings: { webhookRetryDelayMs: 500, webhookRetries: 8, webhookTimeoutMs: 30_000 },
    });
    sim = simulator.sim.control;
    database = await createTestDatabase();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = {
      ...simulator.env,
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: database.pool?.options.connectionString as string,
      DATA_DIR: dataDir,
      SECRET_KEY: randomBytes(32).toString("hex"),
      LOG_LEVEL: "error",
      LOG_PRETTY: "false",
    };
    // The simulator runs in this process: its webhook deliveries are observed on the way out.
    globalThis.fetch = async (input, init) => {
      const target = String(input instanceof Request ? input.url : input);
      if (target.startsWith(`${url}/api/webhooks/`) && typeof init?.body === "string") {
        const body = JSON.parse(init.body) as { type?: string; event?: unknown };
        if (body.type === "HistorySync") for (const id of messageIdsIn(body.event)) delivered.add(id);
      }
      return originalFetch(input, init).catch((error: unknown) => {
        if (target.startsWith(`${url}/api/webhooks/`)) unanswered++;
        throw error;
      });
    };
    server = await startServer();
  }, 90_000);
  afterAll(async () => {
    globalThis.fetch = originalFetch;
    await kill(server, "SIGKILL");
    await simulator?.sim.close();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("finishes the import after a SIGKILL and a restart, every message stored exactly once", async () => {
    const login = await originalFetch(`${url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "bruno", password: SAMPLE_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
    await api(cookie, "POST", "/api/whatsapp/connect");
    const userId = (await api<{ user: { id: number } }>(cookie, "GET", "/api/me")).user.id;
    const account = await database.db
      .selectFrom("wa_account")
      .select(["id", "wuzapi_user_id"])
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow();
    const wuzapiUserId = account.wuzapi_user_id as string;
    sim.scan(wuzapiUserId, { pushName: "Bruno" });
    await eventually(async () => (await importOf(cookie)).import.state === "done", 20_000);
    await sim.webhooksIdle();
    await eventually(async () => (await unprocessedEvents(account.id)) === 0, 10_000);
    const before = await storedMessages(account.id);

    const summary = await sim.historySync(wuzapiUserId, {
      conversations: CONVERSATIONS,
      messagesPerConversation: PER_CONVERSATION,
    });
    expect(summary.events).toBe(5);
    // Mid-import: some of the sync is stored, not all of it.
    await eventually(async () => (await storedMessages(account.id)) - before >= 2_000, 30_000);
    await kill(server, "SIGKILL");
    const atKill = (await storedMessages(account.id)) - before;
    const running = await importOf(cookie).catch(() => null);
    expect(running, "the killed server no longer answers").toBeNull();
    const lease = await database.db
      .selectFrom("wa_account")
      .select(["inbox_lease_owner", "inbox_lease_until", "import_state", "import_done"])
      .where("id", "=", account.id)
      .executeTakeFirstOrThrow();
    const eventsWaiting = await unprocessedEvents(account.id);
    console.info(
      `[fault] killed mid-import: ${atKill} of ${summary.messages} messages stored, import at ${lease.import_done}%, ${eventsWaiting} events waiting in the inbox`,
    );
    expect(lease.import_state).toBe("running");
    expect(lease.import_done).toBeLessThan(100);
    // The dead process still holds the account's inbox: nobody may process it until that expires.
    expect(lease.inbox_lease_owner).not.toBeNull();
    const leaseEndsAt = new Date(lease.inbox_lease_until as Date).getTime();
    expect(leaseEndsAt).toBeGreaterThan(Date.now());
    expect(leaseEndsAt).toBeLessThanOrEqual(Date.now() + LEASE_MS);

    // Live messages keep coming while no server is up: WuzAPI cannot deliver them yet.
    const peer = sim.user(wuzapiUserId).peers[0]?.number as string;
    const whileDown = Array.from(
      { length: 5 },
      (_, index) => sim.inbound(wuzapiUserId, { from: peer, text: `while the server was down ${index}` }).id,
    );
    await eventually(async () => unanswered > 0, 5_000);

    server = await startServer();
    await eventually(async () => {
      const current = await importOf(cookie);
      return current.import.state === "done" && (await unprocessedEvents(account.id)) === 0;
    }, LEASE_MS + 30_000);
    // The live messages' retries may land after the import: wait for them to be processed too.
    await sim.webhooksIdle();
    await eventually(async () => (await unprocessedEvents(account.id)) === 0, 10_000);
    expect((await importOf(cookie)).import).toEqual({ state: "done", total: 100, done: 100 });
    // The new process took the expired lease over and let it go when done.
    const after = await database.db
      .selectFrom("wa_account")
      .select(["inbox_lease_owner"])
      .where("id", "=", account.id)
      .executeTakeFirstOrThrow();
    expect(after.inbox_lease_owner).not.toBe(lease.inbox_lease_owner);
    // No webhook was given up on while the server was down.
    expect(sim.user(wuzapiUserId).webhooks.failed).toBe(0);

    await expectStoredExactlyOnce("killed during history import", database.db, account.id, [...delivered]);
    expect(delivered.size).toBeGreaterThan(atKill);
    await expectStoredExactlyOnce(
      "live messages while the server was down",
      database.db,
      account.id,
      whileDown,
    );
  }, 150_000);
});

/** WhatsApp ids of the messages (not reactions, edits or revokes) in a HistorySync event. */
function messageIdsIn(event: unknown): string[] {
  const data = (event as { Data?: { conversations?: unknown[] } })?.Data;
  return (data?.conversations ?? []).flatMap((conversation) =>
    ((conversation as { messages?: unknown[] }).messages ?? []).flatMap((wrapped) => {
      const web = (wrapped as { message?: { key?: { ID?: string }; message?: Record<string, unknown> } })
        .message;
      const content = web?.message ?? {};
      if (!web?.key?.ID || "reactionMessage" in content || "protocolMessage" in content) return [];
      return [web.key.ID];
    }),
  );
}
