import path from "node:path";
import { createSimulator, type Simulator, type SimulatorOptions } from "@parley/wuzapi-sim";
import type { Logger } from "pino";
import { buildApp } from "./app.js";
import type { Config } from "./config.js";
import { type DatabaseHandle, openDatabase } from "./db/database.js";
import { migrateToLatest } from "./db/migrate.js";
import { type SeedResult, seedDirectory } from "./db/seed.js";
import type { App } from "./http/types.js";
import { randomToken } from "./lib/crypto.js";
import { resolveSecretKey } from "./lib/secret-key.js";
import { openDirectory } from "./modules/directory/open-directory.js";
import { createLocalEventBus, createPostgresEventBus } from "./modules/realtime/event-bus.js";
import { pruneInbox } from "./modules/whatsapp/inbox-retention.js";
import { createServices, type Services } from "./services.js";

const RECONCILE_EVERY_MS = 60_000;
const PRUNE_INBOX_EVERY_MS = 3_600_000;

export interface StartOptions {
  /** An already open database (tests); otherwise the configured one is opened. */
  database?: DatabaseHandle;
  /** Simulator settings when it stands in for WuzAPI (tests shorten its timings). */
  simulator?: Partial<SimulatorOptions>;
}

export interface Parley {
  app: App;
  services: Services;
  /** The URL this server listens on. */
  url: string;
  seeded: SeedResult;
  simulator: Simulator | null;
  close(): Promise<void>;
}

/**
 * Boots a whole Parley server: database (migrated, seeded when empty), real-time bus, WuzAPI or the
 * embedded simulator, the HTTP app listening, the webhook inbox worker and the periodic
 * reconciliation with WuzAPI. `main.ts` runs it; tests run it unchanged.
 */
export async function startParley(
  config: Config,
  logger: Logger,
  options: StartOptions = {},
): Promise<Parley> {
  const database = options.database ?? (await openDatabase(config.database, { logger }));
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info({ applied }, "database migrated");
  const directory = await openDirectory(config, database.db, logger);
  const seeded = await seedDirectory(directory.directory, config, logger);

  const connectionString = database.pool?.options.connectionString;
  const bus =
    database.pool && connectionString
      ? await createPostgresEventBus(connectionString, database.pool, logger)
      : createLocalEventBus();

  const simulatorToken = randomToken(24);
  const simulator =
    config.wuzapi.length > 0
      ? null
      : createSimulator({
          webhookFormat: "json",
          logger: false,
          ...(config.env === "test" ? {} : { dataFile: path.join(config.dataDir, "wuzapi-sim.json") }),
          ...options.simulator,
          adminToken: simulatorToken,
        });
  const wuzapi = simulator
    ? [
        {
          name: "default",
          url: await simulator.listen({ port: 0, host: "127.0.0.1" }),
          adminToken: simulatorToken,
        },
      ]
    : config.wuzapi;

  let webhookBase = config.webhookBaseUrl;
  const services = createServices({
    config,
    database,
    logger,
    directory: directory.directory,
    bus,
    secretKey: resolveSecretKey(config),
    wuzapi,
    webhookBaseUrl: () => {
      if (!webhookBase) throw new Error("the webhook base URL is not known before the server listens");
      return webhookBase;
    },
    ...(simulator
      ? {
          demoScan: async (userId: string, input: { pushName: string }) =>
            void simulator.control.scan(userId, input),
        }
      : {}),
  });
  const app = await buildApp(services);
  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace(/\/\/(0\.0\.0\.0|\[::\])/, "//127.0.0.1");
  webhookBase ??= url;

  services.inboxWorker.start();
  services.mediaDownloads.start();
  const reconcile = () =>
    services.whatsapp.reconcile().catch((error) => logger.warn({ err: error }, "reconcile failed"));
  await reconcile();
  const reconcileTimer = setInterval(reconcile, RECONCILE_EVERY_MS).unref();
  // At start (not awaited: readiness does not wait for it) and every hour.
  let pruning: Promise<unknown> = Promise.resolve();
  const prune = () => {
    pruning = pruneInbox(services.inbox, config.inboxRetentionDays, logger).catch((error) =>
      logger.warn({ err: error }, "pruning the webhook inbox failed"),
    );
  };
  prune();
  const pruneTimer = setInterval(prune, PRUNE_INBOX_EVERY_MS).unref();

  return {
    app,
    services,
    url,
    seeded,
    simulator,
    async close() {
      clearInterval(reconcileTimer);
      clearInterval(pruneTimer);
      await pruning;
      await services.inboxWorker.stop();
      await services.mediaDownloads.stop();
      services.hub.close();
      await app.close();
      await simulator?.close();
      await bus.close();
      await directory.close();
      await database.close();
    },
  };
}
