import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import pino from "pino";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../src/db/database.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { seedDirectory } from "../src/db/seed.js";
import { createSqlDirectory } from "../src/modules/directory/directory.repo.js";
import { testConfig } from "./support/test-config.js";

/**
 * Runs once per test run: migrates and seeds one database, which every test file then clones
 * (a PGlite snapshot takes ~1 s to load; a fresh PGlite ~3.6 s). With TEST_DATABASE_URL the clone
 * is a real PostgreSQL database created from a template; every database this run creates is
 * dropped at the end.
 */
export default async function setup(project: TestProject) {
  const config = testConfig();
  const logger = pino({ level: "silent" });
  const workDir = await mkdtemp(path.join(tmpdir(), "parley-test-"));
  const serverUrl = process.env.TEST_DATABASE_URL;
  const prefix = `parley_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;

  if (serverUrl) {
    const template = `${prefix}_template`;
    await adminQuery(serverUrl, `create database ${template}`);
    const database = await openDatabase({
      kind: "postgres",
      url: withDatabase(serverUrl, template),
      poolSize: 2,
    });
    await migrateToLatest(database.db);
    await seedDirectory(createSqlDirectory(database.db), config, logger);
    await database.close();
    project.provide("postgresTemplate", { serverUrl, template, prefix });
    project.provide("pgliteSnapshot", "");
  } else {
    const database = await openDatabase({ kind: "pglite", dataDir: null });
    await migrateToLatest(database.db);
    await seedDirectory(createSqlDirectory(database.db), config, logger);
    const snapshot = await database.pglite?.dumpDataDir("none");
    if (!snapshot) throw new Error("PGlite did not produce a snapshot");
    const snapshotPath = path.join(workDir, "snapshot.tar");
    await writeFile(snapshotPath, Buffer.from(await snapshot.arrayBuffer()));
    await database.close();
    project.provide("pgliteSnapshot", snapshotPath);
    project.provide("postgresTemplate", null);
  }

  return async () => {
    if (serverUrl) await dropRunDatabases(serverUrl, prefix);
    await rm(workDir, { recursive: true, force: true });
  };
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(serverUrl: string, statement: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

async function dropRunDatabases(serverUrl: string, prefix: string) {
  const { rows } = await adminQuery(
    serverUrl,
    `select datname from pg_database where datname like '${prefix}%'`,
  );
  for (const row of rows as Array<{ datname: string }>) {
    await adminQuery(serverUrl, `drop database if exists ${row.datname} with (force)`);
  }
}
