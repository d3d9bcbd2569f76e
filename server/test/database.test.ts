import { createServer, type Socket } from "node:net";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { isDatabaseUnreachable, openDatabase } from "../src/db/database.js";
import { adminQuery, withDatabase } from "./global-setup.js";

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)("PostgreSQL connections (skipped without TEST_DATABASE_URL)", () => {
  it("survives a connection terminated from outside: logged, replaced, nothing unhandled", async () => {
    const warnings: unknown[] = [];
    const database = await openDatabase(
      { kind: "postgres", url: withDatabase(serverUrl as string, "postgres"), poolSize: 2 },
      { logger: { warn: (fields: unknown) => void warnings.push(fields) } },
    );
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
      const pid = rows[0]?.pid;
      await adminQuery(serverUrl as string, `select pg_terminate_backend(${pid})`);
      // The idle client's error arrives asynchronously; give it a moment to be reported.
      for (let i = 0; i < 50 && warnings.length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(warnings).toHaveLength(1);
      const again = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(again.rows[0]?.one).toBe(1);
    } finally {
      await database.close();
    }
  });

  it("commits the inbox's processing without waiting for the disk, and everything else durably", async () => {
    const database = await openDatabase({
      kind: "postgres",
      url: withDatabase(serverUrl as string, "postgres"),
      poolSize: 2,
    });
    try {
      const setting = async (db: typeof database.db) =>
        (await sql<{ value: string }>`select current_setting('synchronous_commit') as value`.execute(db))
          .rows[0]?.value;
      expect(await setting(database.db)).toBe("on");
      expect(await setting(database.inboxDb)).toBe("off");
    } finally {
      await database.close();
    }
  });

  it("survives losing a connection lent out inside a transaction: the transaction fails, the pool goes on", async () => {
    const warnings: unknown[] = [];
    const database = await openDatabase(
      { kind: "postgres", url: withDatabase(serverUrl as string, "postgres"), poolSize: 2 },
      { logger: { warn: (fields: unknown) => void warnings.push(fields) } },
    );
    try {
      const transaction = database.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await adminQuery(serverUrl as string, `select pg_terminate_backend(${rows[0]?.pid})`);
        // Between queries the connection is lent out and idle: its loss is an event, not a failed query.
        for (let i = 0; i < 50 && warnings.length === 0; i++)
          await new Promise((resolve) => setTimeout(resolve, 20));
        await sql`select 1`.execute(trx);
      });
      await expect(transaction).rejects.toThrow();
      // Reported (PostgreSQL's own notice, then the closed socket), never unhandled.
      expect(warnings.length).toBeGreaterThan(0);
      const again = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(again.rows[0]?.one).toBe(1);
    } finally {
      await database.close();
    }
  });
});

describe("an unreachable PostgreSQL", () => {
  it("fails a query once the connect timeout passes instead of hanging, as a retryable error", async () => {
    // A host that accepts the connection and then never says a word (a half-dead network).
    const silent = new Set<Socket>();
    const server = createServer((socket) => void silent.add(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const database = await openDatabase(
      { kind: "postgres", url: `postgres://parley@127.0.0.1:${port}/parley`, poolSize: 1 },
      { connectTimeoutMs: 300 },
    );
    try {
      const startedAt = Date.now();
      const failure = await sql`select 1`.execute(database.db).then(
        () => null,
        (error: unknown) => error,
      );
      expect(Date.now() - startedAt).toBeLessThan(3_000);
      expect(failure).toBeInstanceOf(Error);
      expect(isDatabaseUnreachable(failure)).toBe(true);
    } finally {
      await database.close();
      for (const socket of silent) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
