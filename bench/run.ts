import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import pg from "pg";
import { benchBundle } from "./bundle.js";
import { benchChat } from "./chat.js";
import { benchContactsImport } from "./contacts.js";
import { type Figure, machine, postgresVersion } from "./lib.js";
import { benchMatching } from "./matching.js";
import { benchChatApis, benchIdleSockets } from "./scale.js";
import { benchStartup } from "./startup.js";
import { benchWebhooks } from "./webhook.js";

/**
 * `npm run bench`: runs every benchmark and writes bench/RESULTS.md. With BENCH_DATABASE_URL (a
 * PostgreSQL server URL) the database benchmarks run on a database created and dropped here;
 * otherwise on the embedded PGlite.
 */
async function main() {
  const server = process.env.BENCH_DATABASE_URL;
  let databaseUrl: string | undefined;
  const name = `parley_bench_${randomBytes(4).toString("hex")}`;
  if (server) {
    await admin(server, `create database ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const sections: Array<{ title: string; figures: Figure[] }> = [];
  try {
    sections.push({
      title: "Start-up and sign-in (`npm start` build, embedded database)",
      figures: await benchStartup(),
    });
    sections.push({ title: "Web app", figures: benchBundle() });
    sections.push({
      title: `Webhooks (${postgresVersion(databaseUrl)})`,
      figures: await benchWebhooks(databaseUrl),
    });
    sections.push({ title: "Contact matching", figures: await benchMatching() });
    sections.push({
      title: `Contact import and lists (${postgresVersion(databaseUrl)})`,
      figures: await benchContactsImport(databaseUrl),
    });
    sections.push({ title: `Chat (${postgresVersion(databaseUrl)})`, figures: await benchChat(databaseUrl) });
    sections.push({
      title: `Chat at scale (${postgresVersion(databaseUrl)})`,
      figures: await benchChatApis(databaseUrl),
    });
    sections.push({ title: "WebSocket clients", figures: await benchIdleSockets(databaseUrl) });
  } finally {
    if (server) await admin(server, `drop database if exists ${name} with (force)`);
  }
  const lines = [
    "# Benchmark results",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.`,
    "Run with `npm run bench` (after `npm run build`); each figure is one run, with its goal and, where",
    "there is one, the peer measured in the same run.",
    "",
  ];
  for (const section of sections) {
    lines.push(`## ${section.title}`, "", "| figure | measured | goal | against |", "|---|---|---|---|");
    for (const figure of section.figures)
      lines.push(`| ${figure.name} | ${figure.value} | ${figure.goal} | ${figure.ratio ?? "—"} |`);
    lines.push("");
  }
  const text = lines.join("\n");
  writeFileSync(new URL("./RESULTS.md", import.meta.url), text);
  process.stdout.write(`${text}\n`);
  process.exit(0);
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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
