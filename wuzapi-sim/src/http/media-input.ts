import { isIP } from "node:net";
import { WuzapiError } from "./envelope.js";

export type DecodedMedia = { bytes: Buffer; mimetype: string };

/**
 * Parses `data:<mime>[;base64],<data>`. Returns null for anything else; throws WuzapiError 400 with the
 * route's message when the payload is not valid base64.
 */
export function decodeDataUrl(text: string, invalidMessage: string): DecodedMedia | null {
  const match = /^data:([^,]*?),(.*)$/s.exec(text);
  if (!match) return null;
  const meta = match[1] ?? "";
  const data = match[2] ?? "";
  const isBase64 = meta.endsWith(";base64");
  const mimetype = (isBase64 ? meta.slice(0, -";base64".length) : meta) || "text/plain";
  if (!isBase64) {
    try {
      return { bytes: Buffer.from(decodeURIComponent(data), "utf8"), mimetype };
    } catch {
      throw new WuzapiError(400, invalidMessage);
    }
  }
  const compact = data.replace(/\s/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1)
    throw new WuzapiError(400, invalidMessage);
  return { bytes: Buffer.from(compact, "base64"), mimetype };
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.host !== "";
  } catch {
    return false;
  }
}

/**
 * Media URLs: WuzAPI fetches them through a guard that refuses loopback and private addresses. The
 * simulator refuses those the same way and, being offline, refuses public ones too.
 */
export function rejectMediaUrl(text: string, failurePrefix: string): never {
  const url = new URL(text);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || isPrivateAddress(host)) {
    throw new WuzapiError(
      400,
      `${failurePrefix}: Get "${text}": dial tcp ${host}: refusing to connect to private or loopback address`,
    );
  }
  throw new WuzapiError(
    400,
    `${failurePrefix}: Get "${text}": the simulator does not fetch remote media, send a data URL`,
  );
}

function isPrivateAddress(host: string): boolean {
  const family = isIP(host);
  if (family === 4) {
    const [a = 0, b = 0] = host.split(".").map(Number);
    return (
      a === 127 ||
      a === 10 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254)
    );
  }
  if (family === 6) {
    const lower = host.toLowerCase();
    return (
      lower === "::1" ||
      lower === "::" ||
      /^f[cd]/.test(lower) ||
      /^fe[89ab]/.test(lower) ||
      lower.startsWith("::ffff:")
    );
  }
  return false;
}

/** Go's http.DetectContentType for the image formats that matter here. */
export function sniffImageType(bytes: Buffer): string {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  if (bytes.subarray(0, 4).toString("latin1") === "GIF8") return "image/gif";
  if (bytes.subarray(8, 12).toString("latin1") === "WEBP") return "image/webp";
  return "application/octet-stream";
}
