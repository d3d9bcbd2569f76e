import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Logger } from "pino";
import type { InboxRepo } from "./inbox.repo.js";

const DAY_MS = 86_400_000;
/** Rows per delete: small enough not to hold locks or WAL for long. */
const BATCH = 5_000;

/**
 * Deletes webhook events processed more than `retentionDays` ago, in batches. Every webhook
 * is stored, history syncs by the megabyte, so without this the inbox only grows. Returns how
 * many went.
 */
export async function pruneInbox(
  inbox: Pick<InboxRepo, "pruneProcessed">,
  retentionDays: number,
  logger: Pick<Logger, "info">,
  now = new Date(),
): Promise<number> {
  const before = new Date(now.getTime() - retentionDays * DAY_MS);
  let total = 0;
  for (;;) {
    const deleted = await inbox.pruneProcessed(before, BATCH);
    total += deleted;
    if (deleted < BATCH) break;
    await yieldToEventLoop();
  }
  if (total > 0) logger.info({ deleted: total, retentionDays }, "pruned processed webhook events");
  return total;
}
