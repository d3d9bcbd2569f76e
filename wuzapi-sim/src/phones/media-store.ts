import { createHash } from "node:crypto";

/** Media as WhatsApp describes it in a message: where it lives and the hashes that identify it. */
export type StoredMedia = {
  bytes: Buffer;
  mimetype: string;
  url: string;
  directPath: string;
  /** base64, as bytes fields appear in whatsmeow's JSON. */
  mediaKey: string;
  fileSha256: string;
  fileEncSha256: string;
  fileLength: number;
};

/**
 * Stands in for WhatsApp's media servers: every uploaded or generated file gets a direct path and keys,
 * and `/chat/download*` finds it again by them. Identical bytes are stored once.
 */
export class MediaStore {
  private readonly byDirectPath = new Map<string, StoredMedia>();

  put(bytes: Buffer, mimetype: string): StoredMedia {
    const sha = createHash("sha256").update(bytes).digest();
    const token = sha.toString("hex");
    const directPath = `/v/t62.7118-24/${BigInt(`0x${token.slice(0, 15)}`)}_n.enc?ccb=11-4&oh=01_${token.slice(16, 40)}&oe=68A0B0C0`;
    const existing = this.byDirectPath.get(directPath);
    if (existing) return existing;
    const mediaKey = createHash("sha256").update("media-key").update(sha).digest();
    const media: StoredMedia = {
      bytes,
      mimetype,
      url: `https://mmg.whatsapp.net${directPath}&mms3=true`,
      directPath,
      mediaKey: mediaKey.toString("base64"),
      fileSha256: sha.toString("base64"),
      fileEncSha256: createHash("sha256").update(mediaKey).update(bytes).digest("base64"),
      fileLength: bytes.length,
    };
    this.byDirectPath.set(directPath, media);
    return media;
  }

  find(reference: { directPath?: string; url?: string }): StoredMedia | undefined {
    if (reference.directPath) {
      const media = this.byDirectPath.get(reference.directPath);
      if (media) return media;
    }
    if (reference.url) {
      const path = new URL(reference.url, "https://mmg.whatsapp.net").pathname;
      for (const media of this.byDirectPath.values()) if (media.directPath.startsWith(path)) return media;
    }
    return undefined;
  }
}
