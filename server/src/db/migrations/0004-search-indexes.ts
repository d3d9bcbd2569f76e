import { type Kysely, sql } from "kysely";

/**
 * Searching contacts by any part of a name, company, email or number (`ILIKE '%…%'`) reads every
 * row without trigram indexes; with them a search over 100k contacts is an index lookup. The
 * WhatsApp contact list is sorted by display name, which gets an index of its own.
 */
const SORTS = [
  ["name", "lower(name)"],
  ["company", "lower(company)"],
  ["updated", "updated_at"],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  for (const column of ["name", "company", "email", "phone", "phone_e164"]) {
    await sql`create index ${sql.id(`contact_ref_${column}_trgm`)} on contact_ref using gin (${sql.id(column)} gin_trgm_ops)`.execute(
      db,
    );
  }
  for (const column of ["push_name", "full_name", "business_name", "phone_e164"]) {
    await sql`create index ${sql.id(`contact_whatsapp_${column}_trgm`)} on contact_whatsapp using gin (${sql.id(column)} gin_trgm_ops)`.execute(
      db,
    );
  }
  await sql`create index contact_whatsapp_display_order on contact_whatsapp
    (account_id, lower(coalesce(full_name, push_name, business_name, jid)), id)`.execute(db);
  // The contact book sorts by `<column> <direction> nulls last, id`: one index per column and direction.
  for (const [column, expression] of SORTS) {
    for (const direction of ["asc", "desc"] as const) {
      await sql`create index ${sql.id(`contact_ref_sort_${column}_${direction}`)} on contact_ref
        (${sql.raw(expression)} ${sql.raw(direction)} nulls last, id)`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    "contact_ref_name_trgm",
    "contact_ref_company_trgm",
    "contact_ref_email_trgm",
    "contact_ref_phone_trgm",
    "contact_ref_phone_e164_trgm",
    "contact_whatsapp_push_name_trgm",
    "contact_whatsapp_full_name_trgm",
    "contact_whatsapp_business_name_trgm",
    "contact_whatsapp_phone_e164_trgm",
    "contact_whatsapp_display_order",
    ...SORTS.flatMap(([column]) => [`contact_ref_sort_${column}_asc`, `contact_ref_sort_${column}_desc`]),
  ]) {
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  }
}
