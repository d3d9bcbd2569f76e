import type { Logger } from "pino";
import type { Config } from "../../config.js";
import type { Db } from "../../db/database.js";
import type { Directory } from "./directory.js";
import { createMysqlDirectory } from "./directory.mysql.js";
import { createSqlDirectory } from "./directory.repo.js";
import { createAuditLastLogins } from "./last-logins.repo.js";

/**
 * The configured directory: the organisation's MySQL schema when DATA_FEEDS_URL is set (checked
 * against the column mapping before use), otherwise the tables in Parley's own database.
 */
export async function openDirectory(
  config: Pick<Config, "dataFeeds" | "phoneDefaultRegion">,
  db: Db,
  logger: Logger,
): Promise<{ directory: Directory; close(): Promise<void> }> {
  if (!config.dataFeeds) return { directory: createSqlDirectory(db), close: async () => {} };
  const directory = createMysqlDirectory({
    url: config.dataFeeds.url,
    phoneDefaultRegion: config.phoneDefaultRegion,
    lastLogins: createAuditLastLogins(db),
  });
  try {
    await directory.checkSchema();
  } catch (error) {
    await directory.close();
    throw error;
  }
  directory.warm().catch((error) => logger.warn({ err: error }, "could not index the directory's phones"));
  return { directory, close: () => directory.close() };
}
