import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../src/db/database.js";
import { createAccountRepo } from "../../src/modules/whatsapp/account.repo.js";
import { adminQuery, withDatabase } from "../global-setup.js";

/**
 * A database of its own for one test file, cloned from the run's migrated + seeded one:
 * PGlite in memory by default, a real PostgreSQL database when TEST_DATABASE_URL is set.
 */
export async function createTestDatabase(
  options: {
    /** PostgreSQL only: the server connects to this address instead (a proxy a fault test can cut). */
    via?: { host: string; port: number };
  } = {},
): Promise<DatabaseHandle> {
  const postgres = inject("postgresTemplate");
  if (postgres) {
    const name = `${postgres.prefix}_${randomBytes(4).toString("hex")}`;
    await adminQuery(postgres.serverUrl, `create database ${name} template ${postgres.template}`);
    const url = new URL(withDatabase(postgres.serverUrl, name));
    if (options.via) {
      url.hostname = options.via.host;
      url.port = String(options.via.port);
    }
    const database = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 5 });
    return {
      ...database,
      close: async () => {
        await database.close();
        await adminQuery(postgres.serverUrl, `drop database if exists ${name} with (force)`);
      },
    };
  }
  const snapshot = new Blob([await readFile(inject("pgliteSnapshot"))]);
  return openDatabase({ kind: "pglite", dataDir: null }, { pgliteSnapshot: snapshot });
}

/** WhatsApp accounts (not linked) for the first `count` users of the sample directory; their ids. */
export async function createTestAccounts(database: DatabaseHandle, count = 1): Promise<number[]> {
  const users = await database.db.selectFrom("user_ref").select("id").orderBy("id").limit(count).execute();
  const accounts = createAccountRepo(database.db);
  const ids: number[] = [];
  for (const user of users)
    ids.push((await accounts.createForUser(user.id, randomBytes(16).toString("hex"))).id);
  return ids;
}
