import { randomBytes } from "node:crypto";
import pg from "pg";
import { benchBundle } from "./bundle.js";
import { benchChat } from "./chat.js";
import { benchContactsImport } from "./contacts.js";
import { type Figure, machine, postgresVersion } from "./lib.js";
import { benchMatching } from "./matching.js";
import { benchChatApis, benchIdleSockets } from "./scale.js";
import { benchStartup } from "./startup.js";
import { benchWebhooks } from "./webhook.js";

/** A database benchmark gets the bench database URL, or undefined for the embedded PGlite. */
interface Section {
  key: string;
  title: (databaseUrl: string | undefined) => string;
  run: (databaseUrl: string | undefined) => Promise<Figure[]> | Figure[];
}

export interface SectionResult {
  key: string;
  title: string;
  measuredAt: string;
  machine: string;
  figures: Figure[];
}

const database = (name: string) => (url: string | undefined) => `${name} (${postgresVersion(url)})`;

/** Every benchmark section, in the order `npm run bench` runs and reports them. */
export const SECTIONS: Section[] = [
  {
    key: "startup",
    title: () => "Start-up and sign-in (`npm start` build, embedded database)",
    run: () => benchStartup(),
  },
  { key: "bundle", title: () => "Web app", run: () => benchBundle() },
  { key: "webhook", title: database("Webhooks"), run: benchWebhooks },
  { key: "matching", title: () => "Contact matching", run: () => benchMatching() },
  { key: "contacts", title: database("Contact import and lists"), run: benchContactsImport },
  { key: "chat", title: database("Chat"), run: benchChat },
  { key: "scale", title: database("Chat at scale"), run: benchChatApis },
  { key: "sockets", title: () => "WebSocket clients", run: benchIdleSockets },
];

/** The sections named on the command line (all when none); an unknown name is an error. */
export function chooseSections(names: string[]): Section[] {
  const unknown = names.filter((name) => !SECTIONS.some((section) => section.key === name));
  if (unknown.length > 0)
    throw new Error(
      `unknown benchmark section ${unknown.join(", ")}; choose from ${SECTIONS.map((s) => s.key).join(", ")}`,
    );
  return names.length === 0 ? SECTIONS : SECTIONS.filter((section) => names.includes(section.key));
}

/**
 * Runs sections one after another. With BENCH_DATABASE_URL (a PostgreSQL server URL) the database
 * benchmarks share one database created and dropped here; otherwise they use the embedded PGlite.
 * A section that fails is reported and left out; the others still run.
 */
export async function runSections(
  sections: Section[],
): Promise<{ results: SectionResult[]; failed: string[] }> {
  const server = process.env.BENCH_DATABASE_URL;
  let databaseUrl: string | undefined;
  const name = `parley_bench_${randomBytes(4).toString("hex")}`;
  if (server) {
    await admin(server, `create database ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const results: SectionResult[] = [];
  const failed: string[] = [];
  try {
    for (const section of sections) {
      process.stderr.write(`bench: ${section.key}…\n`);
      try {
        results.push({
          key: section.key,
          title: section.title(databaseUrl),
          measuredAt: new Date().toISOString().slice(0, 10),
          machine: machine(),
          figures: await section.run(databaseUrl),
        });
      } catch (error) {
        process.stderr.write(
          `bench: ${section.key} failed: ${error instanceof Error ? error.stack : error}\n`,
        );
        failed.push(section.key);
      }
    }
  } finally {
    if (server) await admin(server, `drop database if exists ${name} with (force)`);
  }
  return { results, failed };
}

async function admin(serverUrl: string, statement: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
