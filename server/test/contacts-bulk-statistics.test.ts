import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/database.js";
import {
  ANALYZE_AFTER_ROWS,
  createWhatsappContactsRepo,
  type SeenContact,
} from "../src/modules/contacts/whatsapp-contacts.repo.js";
import { createTestAccounts, createTestDatabase } from "./support/database.js";

const addressBook = (count: number, prefix: string): SeenContact[] =>
  Array.from({ length: count }, (_, i) => ({
    jid: `${prefix}${String(i).padStart(6, "0")}@s.whatsapp.net`,
    phoneE164: `+${prefix}${String(i).padStart(6, "0")}`,
    pushName: `Contact ${i}`,
    isGroup: false,
    source: "address_book" as const,
  }));

/**
 * The planner's statistics after an address book is pulled into a new account: stale ones made each
 * live message's sighting probe scan the account's every contact.
 */
describe("WhatsApp contacts: statistics after a bulk write", () => {
  let database: DatabaseHandle;
  let repo: ReturnType<typeof createWhatsappContactsRepo>;
  let accountIds: number[];

  beforeAll(async () => {
    database = await createTestDatabase();
    repo = createWhatsappContactsRepo(database.db);
    // Only the writes under test may analyse the table.
    await sql`alter table contact_whatsapp set (autovacuum_enabled = false)`.execute(database.db);
    accountIds = await createTestAccounts(database, 2);
  });
  afterAll(() => database.close());

  /** How common the planner believes each account's contacts are (pg_stats' most common values). */
  const accountsTheStatisticsKnow = async () => {
    const result = await sql<{ accounts: string | null }>`
      select most_common_vals::text as accounts from pg_stats
      where tablename = 'contact_whatsapp' and attname = 'account_id'`.execute(database.db);
    const text = result.rows[0]?.accounts ?? "{}";
    return text.replace(/[{}]/g, "").split(",").filter(Boolean).map(Number);
  };

  it("analyses the table after a pull this large, so the new account's rows are known at once", async () => {
    const [first, second] = accountIds as [number, number];
    // A small book, analysed by hand: the statistics know only the first account.
    await repo.upsertMany(first, addressBook(300, "5511"));
    await sql`analyze contact_whatsapp`.execute(database.db);
    expect(await accountsTheStatisticsKnow()).toEqual([first]);

    // A write under the threshold leaves the statistics alone (autovacuum's job).
    await repo.upsertMany(second, addressBook(200, "5521"));
    expect(await accountsTheStatisticsKnow()).toEqual([first]);

    // A big pull into the second account: analysed before upsertMany returns.
    const written = await repo.upsertMany(second, addressBook(ANALYZE_AFTER_ROWS, "5531"));
    expect(written).toHaveLength(ANALYZE_AFTER_ROWS);
    expect((await accountsTheStatisticsKnow()).sort()).toEqual([first, second].sort());
  });
});
