import { type Kysely, sql } from "kysely";

/**
 * A reaction, edit or revoke can arrive before the message it changes (live events overtake a
 * history sync, or WhatsApp delivers them out of order). It waits here until its target is stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("message_change_early")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("account_id", "integer", (c) => c.notNull().references("wa_account.id").onDelete("cascade"))
    .addColumn("chat_jid", "text", (c) => c.notNull())
    .addColumn("target_wa_id", "text", (c) => c.notNull())
    .addColumn("change", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("message_change_early_target")
    .on("message_change_early")
    .columns(["account_id", "chat_jid", "target_wa_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("message_change_early").execute();
}
