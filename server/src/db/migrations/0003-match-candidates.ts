import type { Kysely } from "kysely";

/** Ambiguous and variant matches keep the org contacts a person can choose between. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("contact_whatsapp")
    .addColumn("match_candidates", "jsonb")
    .addColumn("matched_at", "timestamptz")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("contact_whatsapp")
    .dropColumn("match_candidates")
    .dropColumn("matched_at")
    .execute();
}
