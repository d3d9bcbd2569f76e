import autocannon from "autocannon";
import { sql } from "kysely";
import { randomToken } from "../server/src/lib/crypto.js";
import { createWhatsappContactsRepo } from "../server/src/modules/contacts/whatsapp-contacts.repo.js";
import { type Figure, lower, ms } from "./lib.js";
import { generateContacts } from "./matching.js";
import { benchLogin, startBenchParley } from "./parley.js";

/**
 * The full contact import at 100k × 100k with database writes (the WhatsApp contacts upserted,
 * then matched and the decisions written), against a raw batched insert of the same rows; then
 * the contact list APIs' p99 with that many contacts stored.
 */
export async function benchContactsImport(databaseUrl: string | undefined): Promise<Figure[]> {
  const parley = await startBenchParley(databaseUrl);
  try {
    const { services, url } = parley;
    const { org, whatsapp } = generateContacts();
    await services.directory.contacts.createMany(
      org.map((contact, i) => ({
        name: `Customer ${i}`,
        company: i % 3 === 0 ? "Silva Logistics" : null,
        email: null,
        phone: contact.phoneE164,
        phoneE164: contact.phoneE164,
        tagId: null,
        notes: null,
        createdBy: null,
      })),
    );
    const { userId, cookie } = await benchLogin(parley, "chen");
    const account = await services.accounts.createForUser(userId, randomToken(32));
    const seen = whatsapp.map((contact, i) => ({
      jid: contact.jid,
      phoneE164: contact.phoneE164,
      pushName: `WhatsApp ${i}`,
      isGroup: false,
      source: "address_book" as const,
    }));

    const repo = createWhatsappContactsRepo(services.database.db);
    const importStart = performance.now();
    await repo.upsertMany(account.id, seen);
    await services.whatsappContacts.rematchAll();
    const importMs = performance.now() - importStart;
    const counts = await repo.counts(account.id);

    // The same rows, inserted raw in the same batch size, for another account.
    const other = await services.accounts.createForUser(userId + 1000, randomToken(32));
    const rawStart = performance.now();
    for (let start = 0; start < seen.length; start += 500) {
      await services.database.db
        .insertInto("contact_whatsapp")
        .values(
          seen.slice(start, start + 500).map((contact) => ({
            account_id: other.id,
            jid: contact.jid,
            phone_e164: contact.phoneE164,
            push_name: contact.pushName,
          })),
        )
        .execute();
    }
    const rawMs = performance.now() - rawStart;

    // Steady state: autovacuum would have analyzed the freshly loaded tables by now.
    await sql`analyze`.execute(services.database.db);
    const p99 = async (path: string) => {
      const result = await autocannon({
        url: `${url}${path}`,
        headers: { cookie },
        connections: 10,
        duration: 5,
      });
      if (result.non2xx > 0) throw new Error(`${path} answered ${result.non2xx} errors`);
      return result;
    };
    const book = await p99("/api/contacts?q=silva&page=40&pageSize=50&sort=-updatedAt");
    const mine = await p99("/api/whatsapp/contacts?match=unmatched&page=100&pageSize=50");

    return [
      {
        name: `Contact import: ${seen.length.toLocaleString("en")} WhatsApp contacts upserted and matched against ${org.length.toLocaleString("en")} org contacts, decisions written (${counts.matched.toLocaleString("en")} matched, ${counts.variant.toLocaleString("en")} variants, ${counts.ambiguous.toLocaleString("en")} ambiguous)`,
        value: ms(importMs),
        goal: "< 10 s",
        ratio: `${(importMs / rawMs).toFixed(1)}× a raw batched insert of the same rows (${ms(rawMs)})`,
        measures: [
          lower("contact-import-100k", importMs, "ms"),
          lower("contact-import-vs-raw", importMs / rawMs, "×"),
        ],
      },
      {
        name: "Contact book API p99 (search, sorted by last update, page 40, 100k contacts, 10 connections)",
        value: `p99 ${book.latency.p99} ms, ${book.requests.average.toFixed(0)} req/s`,
        goal: "p99 < 200 ms",
        measures: [lower("contact-book-api-p99", book.latency.p99, "ms")],
      },
      {
        name: "WhatsApp contacts API p99 (unmatched filter, page 100, 100k contacts, with org cards)",
        value: `p99 ${mine.latency.p99} ms, ${mine.requests.average.toFixed(0)} req/s`,
        goal: "p99 < 200 ms",
        measures: [lower("whatsapp-contacts-api-p99", mine.latency.p99, "ms")],
      },
    ];
  } finally {
    await parley.close();
  }
}
