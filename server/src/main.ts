import { loadConfig } from "./config.js";
import { ConfigError } from "./lib/errors.js";
import { createLogger } from "./lib/logger.js";
import { startParley } from "./runtime.js";

async function main() {
  const config = loadConfig();
  const logger = createLogger(config);
  const started = performance.now();
  const parley = await startParley(config, logger);
  const readyMs = Math.round(performance.now() - started);
  logger.info(
    {
      url: parley.url,
      database: parley.services.database.kind,
      wuzapi: config.wuzapi.length > 0 ? config.wuzapi.map((instance) => instance.name) : "simulator",
      readyMs,
    },
    "Parley is ready",
  );
  printWelcome(
    config.host,
    new URL(parley.url).port,
    parley.seeded.kind === "sample" ? parley.seeded.users : [],
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    try {
      await parley.close();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled promise rejection"));
}

function printWelcome(host: string, port: string, sampleUsers: string[]) {
  const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  const lines = ["", `  Parley is running at http://${shown}:${port}`];
  if (sampleUsers.length > 0)
    lines.push(`  Sample logins (password "parley-demo"): ${sampleUsers.join(", ")}`);
  process.stdout.write(`${lines.join("\n")}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else
    createLogger({ log: { level: "error", pretty: false } }).fatal({ err: error }, "Parley failed to start");
  process.exit(1);
});
