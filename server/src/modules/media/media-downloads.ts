import type { Logger } from "pino";
import type { AccountRow } from "../../db/schema.js";
import { createDrainLoop } from "../../lib/drain-loop.js";
import type { RealtimeHub } from "../realtime/hub.js";
import type { AccountRepo } from "../whatsapp/account.repo.js";
import type { InboxEvent } from "../whatsapp/inbox.repo.js";
import type { DownloadKind, WuzapiUserClient } from "../whatsapp/wuzapi/wuzapi-client.js";
import type { MediaRepo, MediaRow } from "./media.repo.js";
import { type MediaStore, MediaTooLargeError } from "./media-store.js";

export interface MediaDownloadsDeps {
  repo: MediaRepo;
  store: MediaStore;
  accounts: Pick<AccountRepo, "findById">;
  clientFor(row: AccountRow): WuzapiUserClient;
  hub: Pick<RealtimeHub, "publish">;
  logger: Logger;
  /** Received files larger than this are not downloaded. */
  maxBytes: number;
  /** Downloads running at once, across all accounts: a history import must not flood WuzAPI. */
  concurrency?: number;
  pollMs?: number;
}

const DOWNLOAD_KINDS: ReadonlySet<string> = new Set(["image", "video", "audio", "document", "sticker"]);
/** How long a claimed download is left to one process before another may take it. */
const LEASE_MS = 5 * 60_000;
/** After this many failed attempts the media is shown as unavailable (opening it tries once more). */
const MAX_ATTEMPTS = 6;
/** 3 s, 12 s, 48 s … after a failure, at most an hour apart. */
export const downloadRetryMs = (attempts: number) => Math.min(3000 * 4 ** (attempts - 1), 3_600_000);

const textOf = (value: unknown) => (typeof value === "string" ? value : "");

/**
 * Brings received media into the media store in the background: bytes the webhook carried are
 * stored right away; the rest is downloaded from WuzAPI by a small queue kept in the database
 * (bounded concurrency, retries with backoff, picked up again after a restart).
 */
export function createMediaDownloads(deps: MediaDownloadsDeps) {
  const concurrency = deps.concurrency ?? 2;
  const pollMs = deps.pollMs ?? 5_000;
  /** Downloads in progress in this process, by message id (the queue and a viewer share one). */
  const inFlight = new Map<number, Promise<boolean>>();

  /** Tells the owner's tabs that the media is unavailable after all (a download that gave up). */
  async function announce(row: MediaRow) {
    const account = await deps.accounts.findById(row.account_id);
    if (account)
      await deps.hub.publish(account.user_id, {
        type: "message.updated",
        chatId: row.chat_id,
        messageId: row.id,
      });
  }

  async function keep(row: MediaRow, bytes: Buffer, mime: string | null) {
    const stored = await deps.store.put(bytes, { maxBytes: deps.maxBytes });
    // No announcement: the browser shows media still to come by its URL, which waits for it.
    await deps.repo.markStored(row.id, { key: stored.key, size: stored.size, mime });
  }

  async function download(row: MediaRow): Promise<boolean> {
    const source = row.media_source ?? { kind: "none" };
    try {
      if (!DOWNLOAD_KINDS.has(row.type) || source.kind !== "download")
        throw new Error(`nothing to download for a ${row.type} message`);
      if (row.media_size !== null && Number(row.media_size) > deps.maxBytes)
        throw new MediaTooLargeError(deps.maxBytes);
      const account = await deps.accounts.findById(row.account_id);
      if (!account) return false;
      const media = await deps.clientFor(account).download(row.type as DownloadKind, {
        url: textOf(source.url),
        directPath: textOf(source.directPath),
        mediaKey: textOf(source.mediaKey),
        mimetype: textOf(source.mimetype) || (row.media_mime ?? ""),
        fileEncSha256: textOf(source.fileEncSha256),
        fileSha256: textOf(source.fileSha256),
        fileLength: typeof source.fileLength === "number" ? source.fileLength : 0,
      });
      await keep(row, media.data, media.mimeType);
      return true;
    } catch (error) {
      const giveUp = error instanceof MediaTooLargeError || row.media_attempts >= MAX_ATTEMPTS;
      deps.logger.warn(
        { err: error, messageId: row.id, attempts: row.media_attempts, giveUp },
        "downloading media failed",
      );
      await deps.repo.markDownloadFailed(
        row.id,
        giveUp ? null : new Date(Date.now() + downloadRetryMs(row.media_attempts)),
      );
      if (giveUp) await announce(row);
      return false;
    }
  }

  /** One download per message at a time in this process. */
  function downloadOnce(row: MediaRow): Promise<boolean> {
    const current = inFlight.get(row.id);
    if (current) return current;
    const started = download(row).finally(() => inFlight.delete(row.id));
    inFlight.set(row.id, started);
    return started;
  }

  async function drain(): Promise<void> {
    for (;;) {
      if (loop.stopped()) return;
      const due = await deps.repo.claimDue(concurrency, LEASE_MS);
      if (due.length === 0) return;
      await Promise.all(due.map(downloadOnce));
    }
  }

  const loop = createDrainLoop({
    pass: drain,
    pollMs,
    logger: deps.logger,
    failure: "media download queue failed",
  });

  return {
    start: loop.start,
    async stop() {
      await loop.stop();
      await Promise.allSettled(inFlight.values());
    },
    wake: loop.wake,
    /** Resolves once every due download has been tried (tests). */
    async idle() {
      await loop.wake();
      await Promise.allSettled(inFlight.values());
    },

    /** A `Message` event carrying its media's bytes (WuzAPI's base64 media delivery): no download. */
    async storeFromEvent(event: InboxEvent): Promise<void> {
      const payload = event.payload as {
        base64?: unknown;
        mimeType?: unknown;
        event?: { Info?: { ID?: unknown } };
      };
      const waId = textOf(payload.event?.Info?.ID);
      if (typeof payload.base64 !== "string" || payload.base64 === "" || waId === "") return;
      const rows = await deps.repo.toDownloadByWaId(event.accountId, waId);
      if (rows.length === 0) return;
      const bytes = Buffer.from(payload.base64, "base64");
      if (bytes.length > deps.maxBytes) {
        // Too large to keep: unavailable, like a download that gave up.
        for (const row of rows) await deps.repo.markDownloadFailed(row.id, null);
        return;
      }
      try {
        for (const row of rows) await keep(row, bytes, textOf(payload.mimeType) || null);
        await deps.repo.dropEventBytes(event.id);
      } catch (error) {
        // The store failing must not hold back the inbox: the queue downloads the media later.
        deps.logger.warn({ err: error, eventId: event.id }, "storing media from a webhook failed");
      }
    },

    /**
     * Makes sure a message's media is stored, downloading it now when it is not (someone is
     * looking at it). A download that gave up is tried once more. False when it cannot be had.
     */
    async ensure(row: MediaRow): Promise<boolean> {
      if (row.media_key !== null && row.media_state === "ready") return true;
      if (row.media_source?.kind !== "download") return false;
      if (row.media_state === "failed") await deps.repo.requeue(row.id);
      return downloadOnce({ ...row, media_state: null, media_attempts: row.media_attempts + 1 });
    },
  };
}

export type MediaDownloads = ReturnType<typeof createMediaDownloads>;
