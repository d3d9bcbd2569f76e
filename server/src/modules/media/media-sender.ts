import { buffer } from "node:stream/consumers";
import { NotFoundError } from "../../lib/errors.js";
import type { SendCommon, WuzapiUserClient } from "../whatsapp/wuzapi/wuzapi-client.js";
import type { SendResult } from "../whatsapp/wuzapi/wuzapi-schemas.js";
import type { MediaStore } from "./media-store.js";
import { essenceOf } from "./media-types.js";

/** A file of one of my messages, already in the media store. */
export interface OwnMedia {
  type: "image" | "video" | "audio" | "document";
  key: string;
  mime: string;
  name: string | null;
  size: number;
}

/** Voice notes are Opus in Ogg; any other sound goes as an audio file. */
const isVoiceNote = (mime: string) => essenceOf(mime) === "audio/ogg";

/**
 * Sends a stored file through WuzAPI as a data URL (it refuses URLs on private addresses), read
 * from the store each time so a retry sends the very same bytes.
 */
export function createMediaSender(store: MediaStore) {
  return async function sendMedia(
    client: WuzapiUserClient,
    common: SendCommon,
    media: OwnMedia,
    caption: string | null,
  ): Promise<SendResult> {
    const file = await store.get(media.key);
    if (!file) throw new NotFoundError("The file of this message is no longer stored", "media_not_found");
    const content = { mimeType: media.mime, data: await buffer(file.read()) };
    const withCaption = caption ? { caption } : {};
    switch (media.type) {
      case "image":
        return client.sendImage({ ...common, image: content, ...withCaption });
      case "video":
        return client.sendVideo({ ...common, video: content, ...withCaption });
      case "audio":
        return client.sendAudio({ ...common, audio: content, ptt: isVoiceNote(media.mime) });
      case "document":
        return client.sendDocument({
          ...common,
          document: content,
          fileName: media.name ?? "file",
          ...withCaption,
        });
    }
  };
}

export type MediaSender = ReturnType<typeof createMediaSender>;
