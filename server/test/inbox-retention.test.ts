import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/database.js";
import { createInboxRepo } from "../src/modules/whatsapp/inbox.repo.js";
import { pruneInbox } from "../src/modules/whatsapp/inbox-retention.js";
import { createTestAccounts, createTestDatabase } from "./support/database.js";

const DAY_MS = 86_400_000;

/** Processed webhook events go after the retention period; pending ones stay, however old. */
describe("webhook inbox retention", () => {
  let database: DatabaseHandle;
  let inbox: ReturnType<typeof createInboxRepo>;
  let accountId: number;
  const now = new Date("2026-11-25T12:00:00Z");

  beforeAll(async () => {
    database = await createTestDatabase();
    inbox = createInboxRepo(database.db);
    [accountId] = (await createTestAccounts(database)) as [number];
  });
  afterAll(() => database.close());

  /** An event received and (unless `processedDaysAgo` is null) processed that many days before `now`. */
  const event = async (type: string, receivedDaysAgo: number, processedDaysAgo: number | null) => {
    const id = await inbox.append({ accountId, type, payload: { type }, signed: true });
    await database.db
      .updateTable("wa_event")
      .set({
        received_at: new Date(now.getTime() - receivedDaysAgo * DAY_MS),
        processed_at: processedDaysAgo === null ? null : new Date(now.getTime() - processedDaysAgo * DAY_MS),
      })
      .where("id", "=", id)
      .execute();
    return id;
  };
  const remaining = async () =>
    (
      await database.db
        .selectFrom("wa_event")
        .select("event_type")
        .where("account_id", "=", accountId)
        .orderBy("id")
        .execute()
    ).map((row) => row.event_type);

  it("deletes events processed before the retention period, oldest first, in batches of the limit", async () => {
    await event("old-1", 30, 30);
    await event("old-2", 20, 20);
    await event("old-3", 9, 8);
    const before = new Date(now.getTime() - 7 * DAY_MS);
    expect(await inbox.pruneProcessed(before, 2)).toBe(2);
    expect(await remaining()).toEqual(["old-3"]);
    expect(await inbox.pruneProcessed(before, 2)).toBe(1);
    expect(await inbox.pruneProcessed(before, 2)).toBe(0);
    expect(await remaining()).toEqual([]);
  });

  it("keeps recent events and every pending one, and logs what it deleted", async () => {
    await event("processed-long-ago", 40, 40);
    await event("pending-for-weeks", 40, null);
    await event("processed-yesterday", 2, 1);
    await event("set-aside-long-ago", 10, 9);
    await event("arriving", 0, null);
    const logged: unknown[] = [];
    const deleted = await pruneInbox(inbox, 7, { info: (fields: unknown) => void logged.push(fields) }, now);
    expect(deleted).toBe(2);
    expect(await remaining()).toEqual(["pending-for-weeks", "processed-yesterday", "arriving"]);
    expect(logged).toEqual([{ deleted: 2, retentionDays: 7 }]);

    // Nothing left to delete: nothing logged.
    expect(await pruneInbox(inbox, 7, { info: (fields: unknown) => void logged.push(fields) }, now)).toBe(0);
    expect(logged).toHaveLength(1);
  });
});
