import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDirectoryMediaStore, type MediaStore, MediaTooLargeError } from "./media-store.js";

describe("directory media store", () => {
  let dir: string;
  let store: MediaStore;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "parley-store-"));
    store = createDirectoryMediaStore(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const files = async () =>
    (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());

  it("keeps bytes under their SHA-256 and gives them back, once for the same bytes", async () => {
    const bytes = Buffer.from("hello media");
    const stored = await store.put(bytes, { maxBytes: 1024 });
    expect(stored).toMatchObject({
      key: createHash("sha256").update(bytes).digest("hex"),
      size: bytes.length,
    });
    expect(stored.head.toString()).toBe("hello media");
    const again = await store.put(Readable.from([Buffer.from("hello "), Buffer.from("media")]), {
      maxBytes: 1024,
    });
    expect(again.key).toBe(stored.key);
    expect(await files()).toHaveLength(1);
    const found = await store.get(stored.key);
    expect(found?.size).toBe(bytes.length);
    expect(await text(found?.read() as Readable)).toBe("hello media");
    expect(await text(found?.read({ start: 6, end: 10 }) as Readable)).toBe("media");
  });

  it("refuses a file over the limit or one the check refuses, leaving nothing behind", async () => {
    await expect(store.put(Buffer.alloc(2048), { maxBytes: 1024 })).rejects.toBeInstanceOf(
      MediaTooLargeError,
    );
    await expect(
      store.put(Buffer.from("not an image"), {
        maxBytes: 1024,
        accept: ({ head }) => {
          if (head[0] !== 0x89) throw new Error("refused");
        },
      }),
    ).rejects.toThrow("refused");
    expect(await files()).toEqual([]);
  });

  it("answers null for a missing key and refuses a key that is not a hash", async () => {
    expect(await store.get("a".repeat(64))).toBeNull();
    await expect(store.get("../../etc/passwd")).rejects.toThrow("not a media key");
    await expect(store.delete("../x")).rejects.toThrow("not a media key");
  });

  it("removes files a crash left half-written an hour ago, and nothing newer", async () => {
    await mkdir(path.join(dir, "tmp"));
    const old = path.join(dir, "tmp", "abandoned");
    const recent = path.join(dir, "tmp", "in-progress");
    await writeFile(old, "half");
    await writeFile(recent, "half");
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await utimes(old, twoHoursAgo, twoHoursAgo);
    await store.put(Buffer.from("next"), { maxBytes: 1024 });
    expect(await readdir(path.join(dir, "tmp"))).toEqual(["in-progress"]);
  });
});
