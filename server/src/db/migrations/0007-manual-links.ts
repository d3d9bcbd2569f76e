import { type Kysely, sql } from "kysely";

/**
 * Every live message re-matches its sender, and matching reads the account's manual links. Those
 * are a handful among possibly 100k contacts: without this index each message read them all.
 *
 * The chat search also finds a phrase in the messages: its inner words are whole space-separated
 * words of any message containing it, so the words index narrows a long phrase to the few messages
 * holding them all (the trigram index would intersect its every trigram, most listing most rows).
 * Words over 64 characters are left out (an index entry has a size limit; a long link must not
 * make its message fail to store); a search never asks for one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index contact_whatsapp_manual_links on contact_whatsapp (account_id)
    where match_kind = 'manual' and contact_ref_id is not null`.execute(db);
  await sql`create index message_words on message
    using gin ((regexp_split_to_array(regexp_replace(lower(text), '[^ ]{65,}', '', 'g'), ' ')))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists message_words`.execute(db);
  await sql`drop index if exists contact_whatsapp_manual_links`.execute(db);
}
