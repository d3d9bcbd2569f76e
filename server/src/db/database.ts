import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { PGliteDialect } from "./pglite-dialect.js";
import type { Database } from "./schema.js";

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /** Present for Postgres: LISTEN/NOTIFY needs a raw client outside the query builder. */
  pool: pg.Pool | null;
  /** Present for PGlite: the embedded instance (tests snapshot it). */
  pglite: PGlite | null;
  close(): Promise<void>;
}

// Postgres returns int8 (count(*), bigserial) as strings; our ids and counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface OpenOptions {
  /** Start PGlite from a `dumpDataDir()` tarball instead of an empty cluster (tests). */
  pgliteSnapshot?: Blob;
  logger?: Pick<Logger, "warn">;
}

export async function openDatabase(
  database: Config["database"],
  options: OpenOptions = {},
): Promise<DatabaseHandle> {
  if (database.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: database.url, max: database.poolSize });
    // An idle connection that dies (database restart, terminated by an administrator) is reported
    // here; the pool drops it and opens a new one. Without a listener Node would end the process.
    pool.on("error", (error) =>
      options.logger?.warn({ err: error }, "a database connection dropped; reconnecting"),
    );
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: "postgres", pool, pglite: null, close: () => db.destroy() };
  }
  if (database.dataDir) mkdirSync(database.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(database.dataDir ? { dataDir: database.dataDir } : {}),
    ...(options.pgliteSnapshot ? { loadDataDir: options.pgliteSnapshot } : {}),
    // Trigram indexes make substring search of contacts an index lookup (migration 0004).
    extensions: { pg_trgm },
    // PGlite returns int8 as bigint by default; match the pg parser above.
    parsers: { 20: (value: string) => Number(value) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: "pglite",
    pool: null,
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

export async function isDatabaseReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
