import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "../../lib/errors.js";

/** A file larger than the store accepts here (a received file, or an upload). */
export class MediaTooLargeError extends AppError {
  constructor(maxBytes: number) {
    super(413, "media_too_large", `The file is larger than ${Math.floor(maxBytes / (1024 * 1024))} MB`, {
      details: { maxBytes },
    });
  }
}

export interface PutOptions {
  maxBytes: number;
  /**
   * Looks at the file before it is kept (its first bytes and its size) and throws to refuse it:
   * a refused file leaves nothing behind.
   */
  accept?: (file: { head: Buffer; size: number }) => void;
}

/** Bytes `start` to `end`, both included. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredBytes {
  size: number;
  read(range?: ByteRange): Readable;
}

export interface StoredFile {
  /** The SHA-256 of the content, hex: the same bytes are kept once. */
  key: string;
  size: number;
  head: Buffer;
}

/** Where chat media lives. Keys are chosen by the store, never taken from the network. */
export interface MediaStore {
  put(data: Buffer | Readable, options: PutOptions): Promise<StoredFile>;
  /** The file under `key` (its size, and its bytes or a byte range of them), or null when there is none. */
  get(key: string): Promise<StoredBytes | null>;
  delete(key: string): Promise<void>;
}

const KEY = /^[0-9a-f]{64}$/;
/** Bytes the `accept` check sees (enough for every magic number we sniff). */
const HEAD_BYTES = 64;
/** A staged file this old was left by a process that died while writing it. */
const ABANDONED_MS = 60 * 60_000;

/** A directory of content-addressed files: `<dir>/<first two hex digits>/<sha256>`. */
export function createDirectoryMediaStore(dir: string): MediaStore {
  const root = path.resolve(dir);
  const tmp = path.join(root, "tmp");
  let swept = false;

  /** Once per process: removes what a crash left half-written (never another process's current upload). */
  async function sweepAbandoned() {
    if (swept) return;
    swept = true;
    for (const name of await readdir(tmp)) {
      const file = path.join(tmp, name);
      const { mtimeMs } = await stat(file).catch(() => ({ mtimeMs: Date.now() }));
      if (Date.now() - mtimeMs > ABANDONED_MS) await rm(file, { force: true });
    }
  }

  function fileOf(key: string): string {
    // The key is a hash we computed; anything else never reaches the file system.
    if (!KEY.test(key)) throw new Error("not a media key");
    return path.join(root, key.slice(0, 2), key);
  }

  return {
    async put(data, options) {
      await mkdir(tmp, { recursive: true });
      await sweepAbandoned();
      const staging = path.join(tmp, randomUUID());
      const hash = createHash("sha256");
      let size = 0;
      let head = Buffer.alloc(0);
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (size > options.maxBytes) return done(new MediaTooLargeError(options.maxBytes));
          if (head.length < HEAD_BYTES)
            head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        const source = Buffer.isBuffer(data) ? Readable.from([data]) : data;
        await pipeline(source, measure, createWriteStream(staging, { flags: "wx" }));
        options.accept?.({ head, size });
        const key = hash.digest("hex");
        const target = fileOf(key);
        await mkdir(path.dirname(target), { recursive: true });
        // Atomic: a reader sees the whole file or none (the same bytes twice replace themselves).
        await rename(staging, target);
        return { key, size, head };
      } finally {
        await rm(staging, { force: true });
      }
    },

    async get(key) {
      const file = fileOf(key);
      try {
        const { size } = await stat(file);
        return { size, read: (range) => createReadStream(file, range) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },

    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}
