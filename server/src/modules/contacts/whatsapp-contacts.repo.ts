import { type Selectable, sql } from "kysely";
import { cappedCount } from "../../db/capped-count.js";
import type { Db } from "../../db/database.js";
import type { ContactSource, ContactWhatsappTable, MatchKind } from "../../db/schema.js";

export type WhatsappContactRow = Selectable<ContactWhatsappTable>;

/** A contact as seen on WhatsApp: from the address book, a history sync or a live message. */
export interface SeenContact {
  jid: string;
  lid?: string | null;
  phoneE164?: string | null;
  pushName?: string | null;
  fullName?: string | null;
  firstName?: string | null;
  businessName?: string | null;
  isGroup: boolean;
  source: ContactSource;
}

export interface MatchDecision {
  id: number;
  contactRefId: number | null;
  matchKind: MatchKind;
  candidates: number[];
}

export type MatchFilter = "all" | "matched" | "variant" | "ambiguous" | "unmatched" | "groups";

const BATCH = 500;

/**
 * After a write this large (an address book pulled into a new account), the table is analysed at
 * once. Until autovacuum gets to it the planner thinks the account has almost no contacts, and the
 * per-message sighting probe then walks the account's every row through the display-order index
 * instead of one unique-key lookup (4–20 ms per message at 100k contacts).
 */
export const ANALYZE_AFTER_ROWS = 5_000;

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** Names and ids a sighting may bring; a null one keeps what is stored. */
const SIGHTED_COLUMNS = [
  "lid",
  "phone_e164",
  "push_name",
  "full_name",
  "first_name",
  "business_name",
] as const;

/** Whether a sighting (`seen`) would change a stored row (`stored`); the address book outranks other sources. */
function changesStored(seen: string, stored: string) {
  const ref = (alias: string, column: string) => sql.ref(`${alias}.${column}`);
  const differs = SIGHTED_COLUMNS.map(
    (column) =>
      sql`(${ref(seen, column)} is not null and ${ref(seen, column)} is distinct from ${ref(stored, column)})`,
  );
  return sql<boolean>`(${sql.join(differs, sql` or `)} or (${ref(seen, "source")} = 'address_book' and ${ref(stored, "source")} <> 'address_book'))`;
}

/**
 * A sighting that changes nothing writes nothing: every live message names its sender, and even an
 * upsert that updates nothing locks the row and costs a commit. Only for a few sightings: an import
 * of mostly new contacts commits once per batch anyway, and the probe would cost more than it saves.
 */
const FEW_SIGHTINGS = 100;

/**
 * Leaves out sightings of stored rows they would not change. A scalar subquery: one index probe per
 * sighting, where NOT EXISTS may hash the account's every contact.
 */
const unchangedLeftOut = (accountId: number) => sql<boolean>`not coalesce((
  select not ${changesStored("seen", "stored")} from contact_whatsapp as stored
  where stored.account_id = ${accountId} and stored.jid = seen.jid), false)`;

export function createWhatsappContactsRepo(db: Db) {
  return {
    /**
     * Inserts or refreshes contacts, batched and idempotent. A name WhatsApp no longer sends is
     * kept; the address book outranks history and messages as the source. Returns the rows it
     * inserted or changed.
     */
    async upsertMany(
      accountId: number,
      contacts: SeenContact[],
    ): Promise<Array<{ jid: string; lid: string | null }>> {
      // One statement cannot touch a row twice: keep the last sighting of each JID.
      const unique = [...new Map(contacts.map((contact) => [contact.jid, contact])).values()];
      const written: Array<{ jid: string; lid: string | null }> = [];
      for (let start = 0; start < unique.length; start += BATCH) {
        const seen = unique
          .slice(start, start + BATCH)
          .map(
            (contact) =>
              sql`(${contact.jid}::text, ${contact.lid ?? null}::text, ${contact.phoneE164 ?? null}::text, ${contact.pushName ?? null}::text, ${contact.fullName ?? null}::text, ${contact.firstName ?? null}::text, ${contact.businessName ?? null}::text, ${contact.isGroup}::boolean, ${contact.source}::text)`,
          );
        const rows = await db
          .insertInto("contact_whatsapp")
          .columns(["account_id", "jid", ...SIGHTED_COLUMNS, "is_group", "source"])
          .expression(
            sql`select ${accountId}::integer, seen.*
              from (values ${sql.join(seen)}) as seen(jid, ${sql.join(SIGHTED_COLUMNS.map((column) => sql.id(column)))}, is_group, source)
              where ${unique.length <= FEW_SIGHTINGS ? unchangedLeftOut(accountId) : sql.lit(true)}`,
          )
          .onConflict((oc) =>
            oc
              .columns(["account_id", "jid"])
              .doUpdateSet({
                lid: sql`coalesce(excluded.lid, contact_whatsapp.lid)`,
                phone_e164: sql`coalesce(excluded.phone_e164, contact_whatsapp.phone_e164)`,
                push_name: sql`coalesce(excluded.push_name, contact_whatsapp.push_name)`,
                full_name: sql`coalesce(excluded.full_name, contact_whatsapp.full_name)`,
                first_name: sql`coalesce(excluded.first_name, contact_whatsapp.first_name)`,
                business_name: sql`coalesce(excluded.business_name, contact_whatsapp.business_name)`,
                source: sql`case when contact_whatsapp.source = 'address_book' then 'address_book' else excluded.source end`,
                updated_at: sql`now()`,
              })
              // Changed since the filter above read it (another process): still only a real change.
              .where(changesStored("excluded", "contact_whatsapp")),
          )
          .returning(["jid", "lid"])
          .execute();
        written.push(...rows);
      }
      if (written.length >= ANALYZE_AFTER_ROWS) await sql`analyze contact_whatsapp`.execute(db);
      return written;
    },

    /**
     * A contact first seen only by LID (`<lid>@lid`) turns out to be a phone JID we also know:
     * point favourites and chats at the phone-JID row and drop the placeholder.
     */
    async mergeLidPlaceholders(accountId: number): Promise<number> {
      const pairs = await db
        .selectFrom("contact_whatsapp as placeholder")
        .innerJoin("contact_whatsapp as target", (join) =>
          join
            .onRef("target.account_id", "=", "placeholder.account_id")
            .onRef("target.lid", "=", "placeholder.jid")
            .onRef("target.id", "!=", "placeholder.id"),
        )
        .select(["placeholder.id as from", "target.id as to"])
        .where("placeholder.account_id", "=", accountId)
        .where("placeholder.jid", "like", "%@lid")
        .execute();
      for (const pair of pairs) {
        await db.transaction().execute(async (trx) => {
          await trx
            .updateTable("chat")
            .set({ contact_whatsapp_id: pair.to })
            .where("contact_whatsapp_id", "=", pair.from)
            .execute();
          await trx
            .updateTable("favourite")
            .set({ contact_whatsapp_id: pair.to })
            .where("contact_whatsapp_id", "=", pair.from)
            .where(({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom("favourite as f")
                    .select("f.id")
                    .whereRef("f.user_id", "=", "favourite.user_id")
                    .where("f.contact_whatsapp_id", "=", pair.to),
                ),
              ),
            )
            .execute();
          await trx.deleteFrom("contact_whatsapp").where("id", "=", pair.from).execute();
        });
      }
      return pairs.length;
    },

    /** The account's contacts as the match engine needs them; only `jids` when given (live senders). */
    forMatching(accountId: number, jids?: readonly string[]) {
      let query = db
        .selectFrom("contact_whatsapp")
        .select([
          "id",
          "jid",
          "lid",
          "phone_e164",
          "is_group",
          "contact_ref_id",
          "match_kind",
          "match_candidates",
        ])
        .where("account_id", "=", accountId);
      if (jids) query = query.where("jid", "in", jids.length > 0 ? [...jids] : [""]);
      return query.execute();
    },

    /**
     * Durable identity links of an account: JIDs and LIDs a person tied to an org contact. The
     * engine's own earlier results are not links, or a match would outlive the phone it came from.
     */
    linksOf: (accountId: number) =>
      db
        .selectFrom("contact_whatsapp")
        .select(["jid", "lid", "contact_ref_id"])
        .where("account_id", "=", accountId)
        .where("match_kind", "=", "manual")
        .where("contact_ref_id", "is not", null)
        .execute(),

    /**
     * Writes changed match decisions in batches of one statement each. A row a person decided on
     * since the engine read it is left alone: manual decisions are never the engine's to change.
     */
    async applyDecisions(decisions: MatchDecision[]): Promise<void> {
      for (let start = 0; start < decisions.length; start += BATCH) {
        const rows = decisions
          .slice(start, start + BATCH)
          .map(
            (d) =>
              sql`(${d.id}::bigint, ${d.contactRefId}::integer, ${d.matchKind}::text, ${d.candidates.length > 0 ? JSON.stringify(d.candidates) : null}::jsonb)`,
          );
        await sql`
          update contact_whatsapp as c
          set contact_ref_id = v.ref, match_kind = v.kind, match_candidates = v.candidates, matched_at = now(), updated_at = now()
          from (values ${sql.join(rows)}) as v(id, ref, kind, candidates)
          where c.id = v.id and c.match_kind <> 'manual'`.execute(db);
      }
    },

    findOwned: (accountId: number, id: number) =>
      db
        .selectFrom("contact_whatsapp")
        .selectAll()
        .where("account_id", "=", accountId)
        .where("id", "=", id)
        .executeTakeFirst(),

    async search(
      accountId: number,
      query: { q?: string | undefined; match: MatchFilter; offset: number; limit: number },
    ) {
      let base = db.selectFrom("contact_whatsapp").where("account_id", "=", accountId);
      if (query.match === "groups") base = base.where("is_group", "=", true);
      else if (query.match !== "all") base = base.where("is_group", "=", false);
      if (query.match === "matched") base = base.where("contact_ref_id", "is not", null);
      if (query.match === "variant" || query.match === "ambiguous")
        base = base.where("match_kind", "=", query.match);
      if (query.match === "unmatched")
        base = base.where("contact_ref_id", "is", null).where("match_kind", "in", ["none", "manual"]);
      if (query.q) {
        const pattern = likePattern(query.q);
        const digits = query.q.replace(/\D/g, "");
        base = base.where((eb) =>
          eb.or([
            eb("push_name", "ilike", pattern),
            eb("full_name", "ilike", pattern),
            eb("business_name", "ilike", pattern),
            ...(digits.length >= 3 ? [eb("phone_e164", "like", likePattern(digits))] : []),
          ]),
        );
      }
      const [items, total] = await Promise.all([
        base
          .selectAll()
          .orderBy(sql`lower(coalesce(full_name, push_name, business_name, jid))`)
          .orderBy("id")
          .offset(query.offset)
          .limit(query.limit)
          .execute(),
        cappedCount(db, base.selectAll()),
      ]);
      return { items, ...total };
    },

    async counts(accountId: number) {
      const rows = await db
        .selectFrom("contact_whatsapp")
        .select(["match_kind", "is_group", (eb) => eb.fn.countAll<number>().as("n")])
        .select(sql<boolean>`contact_ref_id is not null`.as("linked"))
        .where("account_id", "=", accountId)
        .groupBy(["match_kind", "is_group", sql`contact_ref_id is not null`])
        .execute();
      const counts = { matched: 0, variant: 0, ambiguous: 0, unmatched: 0, groups: 0, total: 0 };
      for (const row of rows) {
        const n = Number(row.n);
        counts.total += n;
        if (row.is_group) counts.groups += n;
        else if (row.linked) counts.matched += n;
        else if (row.match_kind === "variant") counts.variant += n;
        else if (row.match_kind === "ambiguous") counts.ambiguous += n;
        else counts.unmatched += n;
      }
      return counts;
    },

    async setMatch(id: number, contactRefId: number | null, matchKind: MatchKind): Promise<void> {
      await db
        .updateTable("contact_whatsapp")
        .set({
          contact_ref_id: contactRefId,
          match_kind: matchKind,
          match_candidates: null,
          matched_at: new Date(),
          updated_at: new Date(),
        })
        .where("id", "=", id)
        .execute();
    },

    /** Every account with WhatsApp contacts (re-matched after the contact book changes). */
    accountIds: async () =>
      (await db.selectFrom("contact_whatsapp").select("account_id").distinct().execute()).map(
        (row) => row.account_id,
      ),
  };
}

export type WhatsappContactsRepo = ReturnType<typeof createWhatsappContactsRepo>;
