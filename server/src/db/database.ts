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
  /**
   * For the webhook inbox's processing: its commits do not wait for the WAL to reach the disk
   * (`synchronous_commit = off`), so a slow disk flush holds back only the webhook's own insert.
   * Safe there and only there: the event is stored durably before WuzAPI gets its answer, and
   * the WAL is written in order, so a crash can lose only the newest processing, never a "done"
   * mark without the writes before it; the lost events are read again and re-run idempotently.
   * The same as `db` on PGlite.
   */
  inboxDb: Db;
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
  /** PostgreSQL: how long to wait for a new connection before the query fails (default 10 s). */
  connectTimeoutMs?: number;
}

const CONNECT_TIMEOUT_MS = 10_000;

export async function openDatabase(
  database: Config["database"],
  options: OpenOptions = {},
): Promise<DatabaseHandle> {
  if (database.kind === "postgres") {
    const openPool = (extra: pg.PoolConfig = {}) => {
      // A database host that drops packets would otherwise hold every request for minutes; keep-alive
      // finds connections whose peer vanished without a word.
      const pool = new pg.Pool({
        connectionString: database.url,
        max: database.poolSize,
        connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
        keepAlive: true,
        ...extra,
      });
      // An idle connection that dies (database restart, terminated by an administrator) is reported
      // here; the pool drops it and opens a new one. Without a listener Node would end the process.
      const dropped = (error: Error) =>
        options.logger?.warn({ err: error }, "a database connection dropped; reconnecting");
      // Every connection reports its own loss, also while lent out between queries (inside a
      // transaction), where the pool does not listen: the query that uses it next fails instead.
      pool.on("connect", (client) => client.on("error", dropped));
      // The pool repeats an idle connection's error, already reported above.
      pool.on("error", () => {});
      return pool;
    };
    const pool = openPool();
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const inboxDb = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: openPool({ options: "-c synchronous_commit=off" }) }),
    });
    return {
      db,
      inboxDb,
      kind: "postgres",
      pool,
      pglite: null,
      close: async () => {
        await inboxDb.destroy();
        await db.destroy();
      },
    };
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
    inboxDb: db,
    kind: "pglite",
    pool: null,
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/** Network failures on the way to PostgreSQL, not errors of the query itself. */
const NETWORK_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
/** SQLSTATE: the server is shutting down, restarting or not accepting connections yet. */
const UNAVAILABLE_STATES = new Set(["57P01", "57P02", "57P03"]);

/**
 * The database could not be reached (down, restarting, network cut), as opposed to a query that
 * failed: the request may succeed if tried again.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === "string" &&
    (NETWORK_ERROR_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith("08"))
  )
    return true;
  // node-postgres names a connection lost mid-way or a pool that could not connect in time only in words.
  return /^Connection terminated|^timeout exceeded when trying to connect/.test(error.message);
}

export async function isDatabaseReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** SQLSTATE: deadlock detected, serialization failure. Nothing was written; run it again. */
const TRANSIENT_STATES = new Set(["40P01", "40001"]);

/** A query lost a race with another transaction and was rolled back: trying again will do. */
export function isTransientDatabaseError(error: unknown): boolean {
  return error instanceof Error && TRANSIENT_STATES.has(String((error as { code?: unknown }).code));
}
