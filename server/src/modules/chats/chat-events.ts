import type { MediaSource, MessageStatus } from "../../db/schema.js";
import { bareJid } from "../contacts/seen-contacts.js";

/**
 * Pure readers of WuzAPI's chat events (whatsmeow JSON, CONTRACT.md §7–8): what to store for a
 * `Message`, a `HistorySync`, a `ReadReceipt` or a `ChatPresence`. No database, no clock.
 */

type Json = Record<string, unknown>;
const record = (value: unknown): Json =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
const text = (value: unknown): string | null =>
  typeof value === "string" && value.trim() !== "" ? value : null;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
/** Protobuf int64 fields arrive as numbers or strings. */
const integer = (value: unknown): number | null => {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) ? Math.trunc(number) : null;
};

const isLid = (jid: string) => jid.endsWith("@lid");
const isGroupJid = (jid: string) => jid.endsWith("@g.us");
const isPhoneJid = (jid: string) => jid.endsWith("@s.whatsapp.net");

export type StoredMessageType =
  | "text"
  | "image"
  | "video"
  | "audio"
  | "document"
  | "sticker"
  | "location"
  | "contact"
  | "unsupported";

/** Where a message belongs. 1:1 chats are keyed by the phone JID whenever it is known. */
export interface ChatAddress {
  jid: string;
  isGroup: boolean;
}

export interface IncomingMedia {
  mime: string | null;
  name: string | null;
  size: number | null;
  /** What a later download needs (WuzAPI's `/chat/download*` fields), or a location's coordinates. */
  source: MediaSource;
}

export interface IncomingMessage {
  waId: string;
  fromMe: boolean;
  senderJid: string | null;
  senderName: string | null;
  sentAt: Date;
  type: StoredMessageType;
  text: string | null;
  media: IncomingMedia | null;
  quotedWaId: string | null;
  status: MessageStatus;
}

/** Not a bubble of its own: a change to an earlier message of the same chat. */
export type MessageChange =
  | { kind: "reaction"; targetWaId: string; senderJid: string; emoji: string | null }
  | { kind: "edit"; targetWaId: string; text: string; at: Date }
  | { kind: "revoke"; targetWaId: string; at: Date };

export type ChatEntry =
  | { kind: "message"; message: IncomingMessage }
  | { kind: "change"; change: MessageChange };

/** Who sent a message and when, read from the event's envelope. */
interface Envelope {
  waId: string;
  fromMe: boolean;
  senderJid: string | null;
  senderName: string | null;
  sentAt: Date;
  status: MessageStatus;
}

/** ProtocolMessage.Type values (enums travel as numbers; accept their names too). */
const PROTOCOL_REVOKE = [0, "REVOKE"];
const PROTOCOL_EDIT = [14, "MESSAGE_EDIT"];
/** `Info.Edit`: 1 is an edit, 7 and 8 are revokes by the sender or a group admin. */
const INFO_EDIT = "1";
const INFO_REVOKES = ["7", "8"];

const MEDIA_FIELDS = {
  imageMessage: "image",
  videoMessage: "video",
  audioMessage: "audio",
  documentMessage: "document",
  stickerMessage: "sticker",
} as const satisfies Record<string, StoredMessageType>;

/** Wrappers whatsmeow may leave around the content. */
const WRAPPERS = [
  "deviceSentMessage",
  "ephemeralMessage",
  "viewOnceMessage",
  "viewOnceMessageV2",
  "viewOnceMessageV2Extension",
  "documentWithCaptionMessage",
];
/** Fields that ride along with content and say nothing to show. */
const NOT_CONTENT = new Set(["messageContextInfo", "senderKeyDistributionMessage"]);

function unwrap(message: Json): Json {
  let current = message;
  for (let depth = 0; depth < 4; depth++) {
    const wrapper = WRAPPERS.find((field) => record(current[field]).message !== undefined);
    if (!wrapper) return current;
    current = record(record(current[wrapper]).message);
  }
  return current;
}

const quotedIdOf = (content: Json): string | null => {
  const context = record(content.contextInfo);
  return text(context.stanzaID) ?? text(context.stanzaId);
};

const textOf = (message: Json): string | null =>
  text(message.conversation) ?? text(record(message.extendedTextMessage).text);

function mediaOf(content: Json, fileName: string | null): IncomingMedia {
  return {
    mime: text(content.mimetype),
    name: text(content.fileName) ?? fileName,
    size: integer(content.fileLength),
    source: {
      kind: "download",
      url: text(content.URL) ?? text(content.url),
      directPath: text(content.directPath),
      mediaKey: text(content.mediaKey),
      mimetype: text(content.mimetype),
      fileEncSha256: text(content.fileEncSHA256) ?? text(content.fileEncSha256),
      fileSha256: text(content.fileSHA256) ?? text(content.fileSha256),
      fileLength: integer(content.fileLength),
    },
  };
}

function protocolChange(protocol: Json, infoEdit: string | null, envelope: Envelope): MessageChange | null {
  const targetWaId = text(record(protocol.key).ID) ?? text(record(protocol.key).id);
  if (!targetWaId) return null;
  const type = protocol.type as number | string | undefined;
  if (PROTOCOL_EDIT.includes(type as never) || infoEdit === INFO_EDIT) {
    const edited = textOf(record(protocol.editedMessage));
    return edited === null ? null : { kind: "edit", targetWaId, text: edited, at: envelope.sentAt };
  }
  if (PROTOCOL_REVOKE.includes(type as never) || INFO_REVOKES.includes(infoEdit ?? ""))
    return { kind: "revoke", targetWaId, at: envelope.sentAt };
  return null;
}

/**
 * What one waE2E.Message means: a new message, a change to an earlier one, or nothing to keep
 * (key distribution, other protocol messages). Unknown content is kept as `unsupported`, so the
 * chat shows that something arrived.
 */
export function readContent(
  rawMessage: unknown,
  envelope: Envelope,
  extras: { infoEdit?: string | null; fileName?: string | null } = {},
): ChatEntry | null {
  const message = unwrap(record(rawMessage));
  const base = { ...envelope, text: null, media: null, quotedWaId: null };
  const entry = (fields: Partial<IncomingMessage> & { type: StoredMessageType }): ChatEntry => ({
    kind: "message",
    message: { ...base, ...fields },
  });

  const reaction = record(message.reactionMessage);
  if (message.reactionMessage !== undefined) {
    const targetWaId = text(record(reaction.key).ID);
    if (!targetWaId || !envelope.senderJid) return null;
    return {
      kind: "change",
      change: { kind: "reaction", targetWaId, senderJid: envelope.senderJid, emoji: text(reaction.text) },
    };
  }
  if (message.protocolMessage !== undefined) {
    const change = protocolChange(record(message.protocolMessage), extras.infoEdit ?? null, envelope);
    return change ? { kind: "change", change } : null;
  }
  const plain = textOf(message);
  if (plain !== null)
    return entry({ type: "text", text: plain, quotedWaId: quotedIdOf(record(message.extendedTextMessage)) });
  for (const [field, type] of Object.entries(MEDIA_FIELDS)) {
    if (message[field] === undefined) continue;
    const content = record(message[field]);
    return entry({
      type,
      text: text(content.caption),
      media: mediaOf(content, extras.fileName ?? null),
      quotedWaId: quotedIdOf(content),
    });
  }
  if (message.locationMessage !== undefined) {
    const location = record(message.locationMessage);
    return entry({
      type: "location",
      text: text(location.name) ?? text(location.address),
      media: {
        mime: null,
        name: null,
        size: null,
        source: {
          kind: "location",
          latitude: location.degreesLatitude ?? null,
          longitude: location.degreesLongitude ?? null,
        },
      },
    });
  }
  if (message.contactMessage !== undefined)
    return entry({ type: "contact", text: text(record(message.contactMessage).displayName) });
  if (message.contactsArrayMessage !== undefined)
    return entry({ type: "contact", text: text(record(message.contactsArrayMessage).displayName) });
  const hasContent = Object.keys(message).some((field) => !NOT_CONTENT.has(field));
  return hasContent ? entry({ type: "unsupported" }) : null;
}

/** The phone JID of a person when either identity gives it, else the bare JID as addressed. */
function personJid(jid: string, alt: string | null): string {
  const bare = bareJid(jid);
  if (!isLid(bare) || !alt) return bare;
  const other = bareJid(alt);
  return isPhoneJid(other) ? other : bare;
}

/**
 * The chat a JID names: a group, or a person keyed by phone JID when `alt` gives it. Status
 * broadcasts, newsletters and other servers are not conversations: null.
 */
function chatAddress(jid: string | null, alt: string | null): ChatAddress | null {
  const bare = jid ? bareJid(jid) : "";
  if (isGroupJid(bare)) return { jid: bare, isGroup: true };
  if (!isPhoneJid(bare) && !isLid(bare)) return null;
  return { jid: personJid(bare, alt), isGroup: false };
}

function parseTime(value: unknown): Date | null {
  if (typeof value === "string" && value !== "") {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  const seconds = integer(value);
  return seconds === null || seconds <= 0 ? null : new Date(seconds * 1000);
}

export interface LiveMessage {
  chat: ChatAddress;
  entry: ChatEntry;
}

/** A live `Message` event. `ownJid` names the account itself (the sender of its own reactions). */
export function fromMessageEvent(event: unknown, ownJid: string | null): LiveMessage | null {
  const body = record(event);
  const info = record(body.Info);
  const fromMe = info.IsFromMe === true;
  const chat = chatAddress(text(info.Chat), text(fromMe ? info.RecipientAlt : info.SenderAlt));
  const waId = text(info.ID);
  const sentAt = parseTime(info.Timestamp);
  if (!chat || !waId || !sentAt) return null;
  const sender = text(info.Sender);
  const senderJid = fromMe
    ? (ownJid ?? (sender ? bareJid(sender) : null))
    : sender
      ? personJid(sender, text(info.SenderAlt))
      : chat.jid;
  const entry = readContent(
    body.Message,
    {
      waId,
      fromMe,
      senderJid,
      senderName: fromMe ? null : text(info.PushName),
      sentAt,
      status: fromMe ? "sent" : "received",
    },
    { infoEdit: text(info.Edit), fileName: text(body.fileName) },
  );
  return entry ? { chat, entry } : null;
}

/** WebMessageInfo.Status of our own messages in a history sync (enums travel as numbers). */
const HISTORY_STATUS: Record<number, MessageStatus> = { 3: "delivered", 4: "read", 5: "read" };

export interface HistoryConversation {
  chat: ChatAddress;
  /** The conversation's name (a group's subject, or the contact's name on the phone). */
  title: string | null;
  unreadCount: number;
  /** Oldest first, so changes follow the messages they change. */
  entries: ChatEntry[];
}

/** The conversations of a `HistorySync` event. */
export function fromHistorySync(event: unknown, ownJid: string | null): HistoryConversation[] {
  const data = record(record(event).Data);
  return list(data.conversations).flatMap((item) => {
    const conversation = record(item);
    const chat = chatAddress(text(conversation.ID) ?? text(conversation.id), text(conversation.pnJID));
    if (!chat) return [];
    const entries = list(conversation.messages).flatMap((wrapped) => {
      const web = record(record(wrapped).message);
      const key = record(web.key);
      const waId = text(key.ID) ?? text(key.id);
      const sentAt = parseTime(web.messageTimestamp);
      if (!waId || !sentAt) return [];
      const fromMe = key.fromMe === true;
      const participant = text(web.participant) ?? text(key.participant);
      const entry = readContent(web.message, {
        waId,
        fromMe,
        senderJid: fromMe ? ownJid : participant ? bareJid(participant) : chat.jid,
        senderName: fromMe ? null : text(web.pushName),
        sentAt,
        status: fromMe ? (HISTORY_STATUS[integer(web.status) ?? 0] ?? "sent") : "received",
      });
      return entry ? [{ entry, sentAt }] : [];
    });
    entries.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
    return [
      {
        chat,
        title: text(conversation.name),
        unreadCount: Math.max(0, integer(conversation.unreadCount) ?? 0),
        entries: entries.map(({ entry }) => entry),
      },
    ];
  });
}

export interface Receipt {
  chat: ChatAddress;
  waIds: string[];
  status: "delivered" | "read";
  /** Read on one of the user's own devices (the phone): the chat is read there. */
  readBySelf: boolean;
}

const RECEIPT_STATES = { Delivered: "delivered", Read: "read", ReadSelf: "read" } as const;

/** A `ReadReceipt` (WuzAPI's extra `state`: Delivered, Read or ReadSelf). */
export function fromReadReceipt(payload: unknown): Receipt | null {
  const body = record(payload);
  const event = record(body.event);
  const state = text(body.state);
  const status =
    state && state in RECEIPT_STATES ? RECEIPT_STATES[state as keyof typeof RECEIPT_STATES] : null;
  const chat = chatAddress(text(event.Chat), text(event.SenderAlt));
  const waIds = list(event.MessageIDs).filter((id): id is string => text(id) !== null);
  if (!status || !chat || waIds.length === 0) return null;
  return {
    chat,
    waIds,
    status,
    readBySelf: state === "ReadSelf",
  };
}

export interface Typing {
  chat: ChatAddress;
  state: "composing" | "paused";
  media: "" | "audio";
}

/** A `ChatPresence`: someone typing (or recording) in a chat, or stopping. */
export function fromChatPresence(event: unknown): Typing | null {
  const body = record(event);
  const chat = chatAddress(text(body.Chat), text(body.SenderAlt));
  const state = body.State === "composing" || body.State === "paused" ? body.State : null;
  if (!chat || !state) return null;
  return {
    chat,
    state,
    media: body.Media === "audio" ? "audio" : "",
  };
}

/**
 * A row of WuzAPI's message history as a HistorySync message (WebMessageInfo): rows from history
 * syncs are one already; a stored live event (its webhook body) is converted. API sends are stored without their
 * event (they are ours, stored when sent) and give null.
 */
export function webMessageOfStored(stored: unknown): Json | null {
  const outer = record(stored);
  // A live event is stored as its webhook body, `{type, event}`.
  const body = outer.key || outer.Info ? outer : record(outer.event);
  if (body.key) return body;
  const info = record(body.Info);
  const sentAt = parseTime(info.Timestamp);
  if (!text(info.ID) || !text(info.Chat) || !sentAt) return null;
  return {
    key: {
      remoteJID: info.Chat,
      fromMe: info.IsFromMe === true,
      ID: info.ID,
      ...(info.IsGroup === true ? { participant: info.Sender } : {}),
    },
    message: body.Message,
    messageTimestamp: Math.floor(sentAt.getTime() / 1000),
    pushName: info.PushName,
  };
}
