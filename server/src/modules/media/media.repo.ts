import { type SqlBool, sql } from "kysely";
import type { Db } from "../../db/database.js";
import type { MediaSource } from "../../db/schema.js";

/** Media still to be downloaded: a WhatsApp download reference, not stored, not given up on. */
const TO_DOWNLOAD = sql<SqlBool>`media_state is null and media_source ->> 'kind' = 'download'`;

/** A message's media as the download queue and the media route need it. */
export interface MediaRow {
  id: number;
  account_id: number;
  chat_id: number;
  type: string;
  from_me: boolean;
  media_mime: string | null;
  media_name: string | null;
  media_size: number | string | null;
  media_key: string | null;
  media_state: "ready" | "failed" | null;
  media_source: MediaSource | null;
  media_attempts: number;
  deleted_at: Date | null;
}

const MEDIA_COLUMNS = [
  "id",
  "account_id",
  "chat_id",
  "type",
  "from_me",
  "media_mime",
  "media_name",
  "media_size",
  "media_key",
  "media_state",
  "media_source",
  "media_attempts",
  "deleted_at",
] as const;

export function createMediaRepo(db: Db) {
  return {
    /** One message's media, within a chat of this account (anyone else's is not found). */
    findMedia: (accountId: number, chatId: number, messageId: number): Promise<MediaRow | undefined> =>
      db
        .selectFrom("message")
        .select(MEDIA_COLUMNS)
        .where("account_id", "=", accountId)
        .where("chat_id", "=", chatId)
        .where("id", "=", messageId)
        .executeTakeFirst(),

    /** Messages of an account with this WhatsApp id whose media is still to be downloaded. */
    toDownloadByWaId: (accountId: number, waId: string): Promise<MediaRow[]> =>
      db
        .selectFrom("message")
        .select(MEDIA_COLUMNS)
        .where("account_id", "=", accountId)
        .where("wa_id", "=", waId)
        .where(TO_DOWNLOAD)
        .execute(),

    /**
     * Claims up to `limit` due downloads, newest messages first (the ones people look at), for
     * `leaseMs`: another process skips them until then, and a crash leaves them due again.
     */
    async claimDue(limit: number, leaseMs: number): Promise<MediaRow[]> {
      const result = await sql<MediaRow>`
        update message set media_attempts = media_attempts + 1,
          media_retry_at = now() + ${`${leaseMs} milliseconds`}::interval
        where id in (
          select id from message
          where ${TO_DOWNLOAD} and (media_retry_at is null or media_retry_at <= now())
          order by media_retry_at nulls first, id desc
          limit ${limit}
          for update skip locked)
        returning ${sql.join(MEDIA_COLUMNS.map((column) => sql.ref(column)))}`.execute(db);
      return result.rows;
    },

    /** The media is in the store under `key`. */
    async markStored(messageId: number, stored: { key: string; size: number; mime: string | null }) {
      await db
        .updateTable("message")
        .set((eb) => ({
          media_key: stored.key,
          media_size: stored.size,
          media_mime: eb.fn.coalesce("media_mime", eb.val(stored.mime)),
          media_state: "ready",
          media_retry_at: null,
          updated_at: new Date(),
        }))
        .where("id", "=", messageId)
        .execute();
    },

    /** Tries again at `retryAt`, or (null) gives up. */
    async markDownloadFailed(messageId: number, retryAt: Date | null) {
      await db
        .updateTable("message")
        .set(
          retryAt
            ? { media_retry_at: retryAt }
            : { media_state: "failed", media_retry_at: null, updated_at: new Date() },
        )
        .where("id", "=", messageId)
        .where("media_state", "is", null)
        .execute();
    },

    /** The webhook event no longer keeps the file's bytes once the media store has them. */
    async dropEventBytes(eventId: number) {
      await db
        .updateTable("wa_event")
        .set({ payload: sql`payload - 'base64'` })
        .where("id", "=", eventId)
        .execute();
    },

    /** Whether any message keeps the file under this key (the same bytes are stored once). */
    isKeyUsed: async (key: string): Promise<boolean> =>
      (await db
        .selectFrom("message")
        .select("id")
        .where("media_key", "=", key)
        .limit(1)
        .executeTakeFirst()) !== undefined,

    /** The stored file is gone (a lost disk, a store not shared by every server): to be downloaded again. */
    async forgetStored(messageId: number) {
      await db
        .updateTable("message")
        .set({
          media_key: null,
          media_state: null,
          media_attempts: 0,
          media_retry_at: null,
          updated_at: new Date(),
        })
        .where("id", "=", messageId)
        .execute();
    },

    /** A failed download is tried again (someone opened it): back in the queue, due now. */
    async requeue(messageId: number) {
      await db
        .updateTable("message")
        .set({ media_state: null, media_attempts: 0, media_retry_at: null, updated_at: new Date() })
        .where("id", "=", messageId)
        .where("media_state", "=", "failed")
        .execute();
    },
  };
}

export type MediaRepo = ReturnType<typeof createMediaRepo>;
