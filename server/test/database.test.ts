import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/database.js";
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
});
