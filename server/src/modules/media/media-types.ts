import type { ByteRange } from "./media-store.js";

/**
 * What kind of file a piece of media is and how it may be shown: pure rules shared by the media
 * route (serving) and uploads (sending).
 */

/** Types a browser may show inline: pictures, video and sound it plays itself. Never SVG or HTML. */
const INLINE_TYPES: ReadonlySet<string> = new Set([
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
  "video/mp4",
  "video/webm",
  "audio/ogg",
  "audio/mpeg",
  "audio/mp4",
  "audio/aac",
  "audio/webm",
  "audio/wav",
]);

const TOKEN = /^[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/** `type/subtype` in lower case, or null when the text is not a MIME type. */
export function essenceOf(mime: string | null | undefined): string | null {
  const [essence = ""] = (mime ?? "").split(";");
  const [type, subtype, extra] = essence.trim().toLowerCase().split("/");
  return type && subtype && extra === undefined && TOKEN.test(type) && TOKEN.test(subtype)
    ? `${type}/${subtype}`
    : null;
}

export const isInlineType = (mime: string | null | undefined) => INLINE_TYPES.has(essenceOf(mime) ?? "");

/** The Content-Type to serve: the stored type when it is safe to show, else plain bytes. */
export function servedContentType(mime: string | null, inline: boolean): string {
  const essence = essenceOf(mime);
  if (!inline || !essence) return "application/octet-stream";
  // Keeps `codecs=opus` on a voice note: players use it.
  const codecs = /;\s*codecs="?([\w.,\s-]{1,60})"?/i.exec(mime ?? "")?.[1];
  return codecs ? `${essence}; codecs=${codecs.replace(/\s/g, "")}` : essence;
}

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/webp": "webp",
  "video/mp4": "mp4",
  "video/webm": "webm",
  "audio/ogg": "ogg",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/aac": "aac",
  "audio/webm": "weba",
  "application/pdf": "pdf",
};

/**
 * A Content-Disposition header (RFC 6266): an ASCII `filename` for old clients and the real name
 * in `filename*`. Path separators, control and quote characters never reach either.
 */
export function contentDisposition(
  kind: "inline" | "attachment",
  name: string | null,
  fallback: { type: string; id: number; mime: string | null },
): string {
  // A sender's path means nothing here: only its last part is a name.
  const cleaned = (name ?? "")
    .split(/[/\\]/)
    .filter(Boolean)
    .at(-1)
    ?.normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}"\\/:*?<>|]+/gu, "_")
    .replace(/^[.\s]+|[.\s]+$/g, "")
    .slice(0, 150);
  const extension = EXTENSIONS[essenceOf(fallback.mime) ?? ""];
  const fileName = cleaned || `${fallback.type}-${fallback.id}${extension ? `.${extension}` : ""}`;
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/%/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16)}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The image types WhatsApp takes as photos, told by their first bytes (a browser's type may lie). */
export function sniffImage(head: Buffer): "image/jpeg" | "image/png" | "image/gif" | "image/webp" | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return "image/png";
  if (
    head.subarray(0, 6).toString("latin1") === "GIF87a" ||
    head.subarray(0, 6).toString("latin1") === "GIF89a"
  )
    return "image/gif";
  if (head.subarray(0, 4).toString("latin1") === "RIFF" && head.subarray(8, 12).toString("latin1") === "WEBP")
    return "image/webp";
  return null;
}

/**
 * One `bytes=` range of a file of `size` bytes; null for none (or for several, which is served
 * whole), "unsatisfiable" when it lies outside the file.
 */
export function byteRange(header: string | undefined, size: number): ByteRange | "unsatisfiable" | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? "");
  if (!match || (match[1] === "" && match[2] === "")) return null;
  const [first, last] = [match[1] ?? "", match[2] ?? ""];
  const start = first === "" ? Math.max(0, size - Number(last)) : Number(first);
  const end = first === "" || last === "" ? size - 1 : Math.min(Number(last), size - 1);
  return start > end || start >= size ? "unsatisfiable" : { start, end };
}
