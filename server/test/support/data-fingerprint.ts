import { sql } from "kysely";
import type { Db } from "../../src/db/database.js";
import { simulatorOf, type TestApp } from "./app.js";

/**
 * What each table contributes to the fingerprint. Bookkeeping that changes without a request
 * writing anything is left out: a session's last-seen time, an account's QR code, state and inbox
 * lease (timers and the simulator move them), and the audit trail of failed sign-ins (a refused
 * sign-in is meant to leave that trace).
 */
const TABLE_ROWS: Record<string, string> = {
  user_ref: "select * from user_ref",
  tag_ref: "select * from tag_ref",
  contact_ref: "select * from contact_ref",
  wa_account:
    "select id, user_id, wuzapi_user_id, wuzapi_token_enc, hmac_key_enc, webhook_secret, jid, lid, phone_e164, push_name, unsigned_webhooks from wa_account",
  contact_whatsapp: "select * from contact_whatsapp",
  chat: "select * from chat",
  message: "select * from message",
  favourite: "select * from favourite",
  wa_event: "select id, account_id, event_type, payload, signed from wa_event",
  audit_log: "select * from audit_log where action <> 'auth.login_failed'",
  session: "select id, user_id, expires_at, ip, user_agent from session",
  message_change_early: "select * from message_change_early",
};

export type DataFingerprint = Record<string, string>;

/** A digest of every stored row, per table (PostgreSQL and PGlite): equal fingerprints, same data. */
export async function dataFingerprint(db: Db): Promise<DataFingerprint> {
  const parts = Object.entries(TABLE_ROWS).map(
    ([table, rows]) =>
      `select '${table}' as name, count(*)::text || ':' || md5(coalesce(string_agg(r::text, '|' order by r::text), '')) as digest from (${rows}) r`,
  );
  const result = await sql<{ name: string; digest: string }>`${sql.raw(parts.join(" union all "))}`.execute(
    db,
  );
  return Object.fromEntries(result.rows.map((row) => [row.name, row.digest]));
}

/**
 * The fingerprint once the data stops moving by itself: simulator webhooks delivered, the inbox
 * drained, media downloaded, background work (pairing, history, contact sync) done.
 */
export async function settledFingerprint(t: TestApp): Promise<DataFingerprint> {
  let last = "";
  for (let attempt = 0; attempt < 60; attempt++) {
    await simulatorOf(t).webhooksIdle();
    await t.services.inboxWorker.idle();
    await t.services.mediaDownloads.idle();
    // A QR code still showing means the simulator may send the next one: wait (up to 2 s) for its end.
    const showingQr = await t.services.database.db
      .selectFrom("wa_account")
      .select("id")
      .where("state", "=", "qr")
      .where("qr_expires_at", ">", new Date())
      .executeTakeFirst();
    if (showingQr && attempt < 20) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    const fingerprint = await dataFingerprint(t.services.database.db);
    if (JSON.stringify(fingerprint) === last) return fingerprint;
    last = JSON.stringify(fingerprint);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the stored data kept changing on its own");
}
