import { type Kysely, sql } from "kysely";

/**
 * The chat list's search finds chats by the text of their messages (`ILIKE '%…%'`): without a
 * trigram index that reads every message of the account.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index message_text_trgm on message using gin (text gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists message_text_trgm`.execute(db);
}
