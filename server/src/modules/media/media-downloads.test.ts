import pino from "pino";
import { describe, expect, it } from "vitest";
import type { AccountRow } from "../../db/schema.js";
import type { WuzapiUserClient } from "../whatsapp/wuzapi/wuzapi-client.js";
import type { MediaRepo, MediaRow } from "./media.repo.js";
import { createMediaDownloads, downloadRetryMs } from "./media-downloads.js";
import type { MediaStore } from "./media-store.js";

const row = (fields: Partial<MediaRow> = {}): MediaRow => ({
  id: 7,
  account_id: 1,
  chat_id: 3,
  type: "image",
  from_me: false,
  media_mime: "image/png",
  media_name: null,
  media_size: 4,
  media_key: null,
  media_state: null,
  media_source: { kind: "download", directPath: "/v/x", url: "https://mmg.whatsapp.net/v/x" },
  media_attempts: 1,
  deleted_at: null,
  ...fields,
});

/** The queue's collaborators, recording what it did. */
function setup(options: { store?: Partial<MediaStore>; download?: () => Promise<never> } = {}) {
  const done = {
    stored: [] as number[],
    failed: [] as Array<[number, Date | null]>,
    published: [] as unknown[],
  };
  const repo = {
    toDownloadByWaId: async () => [row()],
    markStored: async (id: number) => void done.stored.push(id),
    markDownloadFailed: async (id: number, at: Date | null) => void done.failed.push([id, at]),
    dropEventBytes: async () => {},
    requeue: async () => {},
  } as unknown as MediaRepo;
  const store: MediaStore = {
    put: async (_data, put) => {
      put.accept?.({ head: Buffer.alloc(0), size: 4 });
      return { key: "a".repeat(64), size: 4, head: Buffer.alloc(0) };
    },
    get: async () => null,
    delete: async () => {},
    ...options.store,
  };
  const downloads = createMediaDownloads({
    repo,
    store,
    accounts: { findById: async () => ({ id: 1, user_id: 9 }) as AccountRow },
    clientFor: () =>
      ({
        download: options.download ?? (async () => Promise.reject(new Error("no"))),
      }) as unknown as WuzapiUserClient,
    hub: { publish: async (_userId: number, event: unknown) => void done.published.push(event) },
    logger: pino({ level: "silent" }),
    maxBytes: 8,
  });
  const event = (base64: string) => ({
    id: 1,
    accountId: 1,
    type: "Message",
    attempts: 0,
    payload: { base64, mimeType: "image/png", event: { Info: { ID: "WA1" } } },
  });
  return { downloads, done, event };
}

describe("media downloads", () => {
  it("keeps the bytes a webhook carried, and refuses ones over the limit without failing the event", async () => {
    const ok = setup();
    await ok.downloads.storeFromEvent(ok.event(Buffer.from("png!").toString("base64")));
    expect(ok.done.stored).toEqual([7]);

    const big = setup();
    await big.downloads.storeFromEvent(big.event(Buffer.alloc(9).toString("base64")));
    expect(big.done).toMatchObject({ stored: [], failed: [[7, null]] });
  });

  it("leaves the media to the queue when the store fails, instead of holding back the inbox", async () => {
    const broken = setup({ store: { put: async () => Promise.reject(new Error("disk full")) } });
    await expect(
      broken.downloads.storeFromEvent(broken.event(Buffer.from("png!").toString("base64"))),
    ).resolves.toBeUndefined();
    expect(broken.done).toMatchObject({ stored: [], failed: [] });
  });

  it("retries a failed download later, then gives up and says so", async () => {
    const { downloads, done } = setup();
    const before = Date.now();
    expect(await downloads.ensure(row({ media_attempts: 0 }))).toBe(false);
    const [[, retryAt] = [0, null]] = done.failed;
    expect(retryAt?.getTime()).toBeGreaterThanOrEqual(before + downloadRetryMs(1));
    expect(done.published).toEqual([]);

    expect(await downloads.ensure(row({ media_attempts: 5 }))).toBe(false);
    expect(done.failed.at(-1)).toEqual([7, null]);
    expect(done.published).toEqual([{ type: "message.updated", chatId: 3, messageId: 7 }]);
  });
});
