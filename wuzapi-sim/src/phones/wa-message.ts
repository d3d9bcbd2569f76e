import type { StoredMedia } from "./media-store.js";

/** WACommon.MessageKey in whatsmeow's JSON. */
export type MessageKey = { remoteJID: string; fromMe: boolean; ID: string; participant?: string };

export type Quote = { id: string; participant: string; text: string };

export type MediaKind = "image" | "video" | "audio" | "document" | "sticker";

/** What a message says, independent of who sent it where. */
export type Content =
  | { kind: "text"; text: string; quote?: Quote; extended?: boolean }
  | {
      kind: MediaKind;
      media: StoredMedia;
      caption?: string;
      fileName?: string;
      quote?: Quote;
      seconds?: number;
    }
  | { kind: "location"; latitude: number; longitude: number; name: string; address?: string }
  | { kind: "contact"; displayName: string; vcard: string }
  | { kind: "reaction"; key: MessageKey; emoji: string }
  | { kind: "edit"; key: MessageKey; text: string }
  | { kind: "revoke"; key: MessageKey };

const MESSAGE_FIELD: Record<MediaKind, string> = {
  image: "imageMessage",
  video: "videoMessage",
  audio: "audioMessage",
  document: "documentMessage",
  sticker: "stickerMessage",
};

/** ProtocolMessage.Type values (enums travel as numbers). */
const PROTOCOL_REVOKE = 0;
const PROTOCOL_MESSAGE_EDIT = 14;

function contextInfo(quote: Quote | undefined): Record<string, unknown> | undefined {
  if (!quote) return undefined;
  return { stanzaID: quote.id, participant: quote.participant, quotedMessage: { conversation: quote.text } };
}

function mediaFields(media: StoredMedia): Record<string, unknown> {
  return {
    URL: media.url,
    mimetype: media.mimetype,
    fileSHA256: media.fileSha256,
    fileLength: media.fileLength,
    mediaKey: media.mediaKey,
    fileEncSHA256: media.fileEncSha256,
    directPath: media.directPath,
    mediaKeyTimestamp: Math.floor(Date.now() / 1000),
  };
}

/** The waE2E.Message JSON (whatsmeow field names) for a content. */
export function waMessage(content: Content, timestampMs: number): Record<string, unknown> {
  switch (content.kind) {
    case "text":
      if (!content.quote && !content.extended) return { conversation: content.text };
      return { extendedTextMessage: { text: content.text, contextInfo: contextInfo(content.quote) } };
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker": {
      const fields: Record<string, unknown> = {
        ...mediaFields(content.media),
        contextInfo: contextInfo(content.quote),
      };
      if (content.caption) fields.caption = content.caption;
      if (content.kind === "document") {
        fields.fileName = content.fileName ?? "document";
        fields.title = content.fileName ?? "document";
      }
      if (content.kind === "audio") {
        fields.seconds = content.seconds ?? 7;
        fields.PTT = true;
      }
      if (content.kind === "image" || content.kind === "sticker") {
        fields.height = 16;
        fields.width = 16;
      }
      return { [MESSAGE_FIELD[content.kind]]: fields };
    }
    case "location":
      return {
        locationMessage: {
          degreesLatitude: content.latitude,
          degreesLongitude: content.longitude,
          name: content.name,
          address: content.address,
        },
      };
    case "contact":
      return { contactMessage: { displayName: content.displayName, vcard: content.vcard } };
    case "reaction":
      return { reactionMessage: { key: content.key, text: content.emoji, senderTimestampMS: timestampMs } };
    case "edit":
      return {
        protocolMessage: {
          key: content.key,
          type: PROTOCOL_MESSAGE_EDIT,
          editedMessage: { conversation: content.text },
          timestampMS: timestampMs,
        },
      };
    case "revoke":
      return { protocolMessage: { key: content.key, type: PROTOCOL_REVOKE } };
  }
}

/** MessageInfo.Type and MediaType as whatsmeow reports them for a content. */
export function infoTypes(content: Content): { type: string; mediaType: string } {
  switch (content.kind) {
    case "text":
      return { type: "text", mediaType: "" };
    case "audio":
      return { type: "media", mediaType: "ptt" };
    case "image":
    case "video":
    case "document":
    case "sticker":
      return { type: "media", mediaType: content.kind };
    case "location":
      return { type: "media", mediaType: "location" };
    case "contact":
      return { type: "media", mediaType: "vcard" };
    case "reaction":
      return { type: "reaction", mediaType: "" };
    case "edit":
    case "revoke":
      return { type: "text", mediaType: "" };
  }
}

/** The `message_type` and `text_content` WuzAPI stores in message_history. */
export function historyColumns(content: Content): { messageType: string; text: string; quotedId: string } {
  switch (content.kind) {
    case "text":
      return { messageType: "text", text: content.text, quotedId: content.quote?.id ?? "" };
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker":
      return {
        messageType: content.kind,
        text: content.caption || `:${content.kind}:`,
        quotedId: content.quote?.id ?? "",
      };
    case "location":
      return { messageType: "location", text: content.name || ":location:", quotedId: "" };
    case "contact":
      return { messageType: "contact", text: content.displayName, quotedId: "" };
    case "reaction":
      return { messageType: "reaction", text: content.emoji, quotedId: content.key.ID };
    case "edit":
      return { messageType: "text", text: content.text, quotedId: content.key.ID };
    case "revoke":
      return { messageType: "delete", text: "", quotedId: content.key.ID };
  }
}

/** A one-card vCard as WhatsApp phones write it. */
export function vcard(name: string, number: string): string {
  return `BEGIN:VCARD\nVERSION:3.0\nN:;${name};;;\nFN:${name}\nTEL;type=CELL;waid=${number}:+${number}\nEND:VCARD`;
}
