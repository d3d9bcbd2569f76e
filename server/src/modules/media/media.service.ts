import type { Readable } from "node:stream";
import { NotFoundError, UpstreamError } from "../../lib/errors.js";
import type { AccountRepo } from "../whatsapp/account.repo.js";
import type { MediaRepo } from "./media.repo.js";
import type { MediaDownloads } from "./media-downloads.js";
import type { OwnMedia } from "./media-sender.js";
import type { MediaStore, StoredBytes } from "./media-store.js";
import { storeUpload } from "./upload.js";

export interface MediaServiceDeps {
  repo: MediaRepo;
  store: MediaStore;
  downloads: Pick<MediaDownloads, "ensure">;
  accounts: Pick<AccountRepo, "findByUserId">;
}

export interface MediaFile extends StoredBytes {
  key: string;
  mime: string | null;
  name: string | null;
  type: string;
  messageId: number;
}

/** A chat message's media for its owner; still to be downloaded, it is fetched from WhatsApp now. */
export function createMediaService(deps: MediaServiceDeps) {
  return {
    /** Keeps an uploaded file for sending (413/415 when it may not be sent, keeping nothing). */
    upload: (file: {
      stream: Readable;
      mimetype: string | null;
      fileName: string | null;
    }): Promise<OwnMedia> => storeUpload(deps.store, file),

    /** Drops an upload that no message came of, unless another message keeps the same bytes. */
    async discard(media: OwnMedia): Promise<void> {
      if (!(await deps.repo.isKeyUsed(media.key))) await deps.store.delete(media.key);
    },

    async open(userId: number, chatId: number, messageId: number): Promise<MediaFile> {
      const account = await deps.accounts.findByUserId(userId);
      let row = account ? await deps.repo.findMedia(account.id, chatId, messageId) : undefined;
      // A message deleted for everyone takes its file with it.
      if (
        !account ||
        !row ||
        row.deleted_at !== null ||
        (row.media_key === null && row.media_source?.kind !== "download")
      )
        throw new NotFoundError("No such media", "media_not_found");
      const downloadable = row.media_source?.kind === "download";
      if (row.media_key !== null && downloadable && !(await deps.store.get(row.media_key))) {
        // Its file is gone: downloaded again when WhatsApp still has it.
        await deps.repo.forgetStored(row.id);
        row = { ...row, media_key: null, media_state: null };
      }
      if (row.media_key === null) {
        if (!(await deps.downloads.ensure(row)))
          throw new UpstreamError("The media could not be fetched from WhatsApp", "media_unavailable");
        row = (await deps.repo.findMedia(account.id, chatId, messageId)) ?? row;
      }
      const key = row.media_key;
      const file = key === null ? null : await deps.store.get(key);
      if (key === null || !file) throw new NotFoundError("No such media", "media_not_found");
      return {
        ...file,
        key,
        mime: row.media_mime,
        name: row.media_name,
        type: row.type,
        messageId: row.id,
      };
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
