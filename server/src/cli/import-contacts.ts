/**
 * `npm run import:contacts -- file.csv [--dry-run] [--create-tags]`: imports a CSV file into the
 * configured contact book (Parley's database, or the organisation's MySQL with DATA_FEEDS_URL),
 * prints a line per row and exits with 1 when any row had errors (those rows are not imported).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import pino from "pino";
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/database.js";
import { migrateToLatest } from "../db/migrate.js";
import { AppError, ConfigError, ValidationError } from "../lib/errors.js";
import { createAuditRepo } from "../modules/audit/audit.repo.js";
import { decodeCsv } from "../modules/contacts/import/csv.js";
import { formatImportReport } from "../modules/contacts/import/import.report.js";
import { createContactImportService } from "../modules/contacts/import/import.service.js";
import { openDirectory } from "../modules/directory/open-directory.js";

const USAGE = `Usage: npm run import:contacts -- <file.csv> [--dry-run] [--create-tags]

  --dry-run       check every row and print what would happen; write nothing
  --create-tags   create tags the file names but the directory lacks (otherwise those rows fail)

The first line names the columns: name (required), company, email, phone, tag, notes.
Columns are separated by "," or ";" (detected). Uses the same environment as the server.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "dry-run": { type: "boolean", default: false },
      "create-tags": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const file = positionals[0];
  if (values.help || !file || positionals.length > 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const bytes = await readFile(path.resolve(file)).catch((error: NodeJS.ErrnoException) => {
    throw new ValidationError(`Cannot read ${file}: ${error.code ?? error.message}`);
  });
  const csv = decodeCsv(bytes);

  const config = loadConfig();
  const logger = pino({ level: "warn" }, pino.destination(2));
  if (config.database.kind === "pglite" && !config.dataFeeds) {
    console.error(
      `Using the embedded database in ${config.dataDir}: stop the server first (it must not be open twice), or import through the web app.`,
    );
  }
  const database = await openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    const directory = await openDirectory(config, database.db, logger);
    try {
      const service = createContactImportService({
        directory: directory.directory,
        audit: createAuditRepo(database.db),
        config,
      });
      const dryRun = values["dry-run"];
      const options = { createTags: values["create-tags"] };
      const result = dryRun
        ? await service.preview(csv, options)
        : await service.commit(null, csv, { ...options, source: "cli" });
      console.log(formatImportReport(result, dryRun));
      return result.counts.error > 0 ? 1 : 0;
    } finally {
      await directory.close();
    }
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof AppError) console.error(error.message);
    else console.error(error);
    process.exitCode = 1;
  },
);
