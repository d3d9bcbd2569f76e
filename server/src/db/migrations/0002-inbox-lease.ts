import type { Kysely } from "kysely";

/**
 * The webhook inbox is processed in order per account by one process at a time. A process takes
 * an account by writing a short lease; a crashed process's lease simply runs out. (A transaction
 * held across the handlers would serialise everything on PGlite's single connection.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("wa_account")
    .addColumn("inbox_lease_owner", "text")
    .addColumn("inbox_lease_until", "timestamptz")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("wa_account")
    .dropColumn("inbox_lease_owner")
    .dropColumn("inbox_lease_until")
    .execute();
}
