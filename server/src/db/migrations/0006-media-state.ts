import { type Kysely, sql } from "kysely";

/**
 * Whether a message's media is in the media store (`media_key` names it there): null while it is
 * still to be downloaded from WhatsApp, `ready` once stored, `failed` after the download gave up.
 * The download queue picks media to download whose `media_retry_at` is due (or unset), so it
 * survives restarts, and media received before there was a store is downloaded too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("message")
    .addColumn("media_state", "text", (c) => c.check(sql`media_state in ('ready', 'failed')`))
    .addColumn("media_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("media_retry_at", "timestamptz")
    .execute();
  // In the queue's order, so claiming the next downloads reads a few index entries, not a sort.
  await sql`create index message_media_due on message (media_retry_at nulls first, id desc)
            where media_state is null and media_source ->> 'kind' = 'download'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("message_media_due").execute();
  await db.schema
    .alterTable("message")
    .dropColumn("media_state")
    .dropColumn("media_attempts")
    .dropColumn("media_retry_at")
    .execute();
}
