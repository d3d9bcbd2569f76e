import type { Readable } from "node:stream";
import { AppError } from "../../lib/errors.js";
import type { OwnMedia } from "./media-sender.js";
import type { MediaStore } from "./media-store.js";
import { essenceOf, sniffImage } from "./media-types.js";

const MB = 1024 * 1024;

/** What WhatsApp takes per kind of message; anything else goes as a document (an attachment). */
export const UPLOAD_LIMITS = { image: 16 * MB, video: 16 * MB, audio: 16 * MB, document: 100 * MB } as const;

const AUDIO_TYPES: ReadonlySet<string> = new Set([
  "audio/ogg",
  "audio/opus",
  "audio/mpeg",
  "audio/mp4",
  "audio/aac",
  "audio/webm",
]);

export class UnsupportedMediaError extends AppError {
  constructor(message: string) {
    super(415, "unsupported_media_type", message);
  }
}

const ascii = (head: Buffer, start: number, end: number) => head.subarray(start, end).toString("latin1");

/** The first bytes of each sound and video container we send as such. */
function soundsLike(essence: string, head: Buffer): boolean {
  switch (essence) {
    case "audio/ogg":
    case "audio/opus":
      return ascii(head, 0, 4) === "OggS";
    case "audio/webm":
      return head.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
    case "audio/mp4":
      return ascii(head, 4, 8) === "ftyp";
    // MP3 starts with an ID3 tag or a frame sync; raw AAC (ADTS) with a frame sync.
    case "audio/mpeg":
      return ascii(head, 0, 3) === "ID3" || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0);
    case "audio/aac":
      return head[0] === 0xff && ((head[1] ?? 0) & 0xf6) === 0xf0;
    default:
      return false;
  }
}

interface Plan {
  type: OwnMedia["type"];
  /** Checks the first bytes; returns the type to send with. */
  check(head: Buffer): string;
}

/** How a file the browser declares as `declared` is sent: a photo, video, sound or document. */
function planFor(declared: string | null): Plan {
  const essence = essenceOf(declared);
  if (essence && ["image/jpeg", "image/png", "image/webp", "image/gif"].includes(essence))
    return {
      type: "image",
      check: (head) => {
        const sniffed = sniffImage(head);
        if (!sniffed) throw new UnsupportedMediaError("The file is not a JPEG, PNG, WebP or GIF image");
        return sniffed;
      },
    };
  if (essence === "video/mp4")
    return {
      type: "video",
      check: (head) => {
        if (ascii(head, 4, 8) !== "ftyp") throw new UnsupportedMediaError("The file is not an MP4 video");
        return "video/mp4";
      },
    };
  if (essence && AUDIO_TYPES.has(essence))
    return {
      type: "audio",
      check: (head) => {
        if (!soundsLike(essence, head))
          throw new UnsupportedMediaError(`The file is not ${essence} audio as it claims`);
        // WhatsApp plays voice notes as Opus in Ogg.
        return essence === "audio/ogg" || essence === "audio/opus" ? "audio/ogg; codecs=opus" : essence;
      },
    };
  return { type: "document", check: () => essence ?? "application/octet-stream" };
}

/**
 * Keeps an uploaded file in the media store when it is what it claims and within its kind's
 * limit (413 or 415 otherwise, and nothing is kept). Images are told by their bytes, not by the
 * browser's word.
 */
export async function storeUpload(
  store: MediaStore,
  file: { stream: Readable; mimetype: string | null; fileName: string | null },
): Promise<OwnMedia> {
  const plan = planFor(file.mimetype);
  let mime = "application/octet-stream";
  const stored = await store.put(file.stream, {
    maxBytes: UPLOAD_LIMITS[plan.type],
    accept: ({ head, size }) => {
      if (size === 0) throw new UnsupportedMediaError("The file is empty");
      mime = plan.check(head);
    },
  });
  const name = file.fileName?.trim() ? file.fileName.trim().slice(0, 255) : null;
  return { type: plan.type, key: stored.key, mime, name, size: stored.size };
}
