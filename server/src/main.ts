import type { Logger } from "pino";
import { buildApp } from "./app.js";
import { loadConfig } from "./config.js";
import { openDatabase } from "./db/database.js";
import { migrateToLatest } from "./db/migrate.js";
import { seedDirectory } from "./db/seed.js";
import { ConfigError } from "./lib/errors.js";
import { createLogger } from "./lib/logger.js";
import { createServices } from "./services.js";

async function main() {
  const config = loadConfig();
  const logger = createLogger(config);
  const started = performance.now();
  const database = await openDatabase(config.database);
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info({ applied }, "database migrated");
  const services = createServices({ config, database, logger });
  const seeded = await seedDirectory(services.directory, config, logger);
  const app = await buildApp(services);
  const address = await app.listen({ host: config.host, port: config.port });
  const readyMs = Math.round(performance.now() - started);
  logger.info({ address, database: database.kind, readyMs }, "Parley is ready");
  printWelcome(config.host, Number(new URL(address).port), seeded.kind === "sample" ? seeded.users : []);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    try {
      await app.close();
      await database.close();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled promise rejection"));
}

function printWelcome(host: string, port: number, sampleUsers: string[]) {
  const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  const lines = [``, `  Parley is running at http://${shown}:${port}`];
  if (sampleUsers.length > 0) {
    lines.push(`  Sample logins (password "parley-demo"): ${sampleUsers.join(", ")}`);
  }
  process.stdout.write(`${lines.join("\n")}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    (createLogger({ log: { level: "error", pretty: false } }) as Logger).fatal(
      { err: error },
      "Parley failed to start",
    );
  }
  process.exit(1);
});
