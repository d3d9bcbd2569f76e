import { GO_ZERO_TIME, goTime } from "../util/go-time.js";
import type { EventObject } from "../webhooks/request.js";
import { type Content, infoTypes, waMessage } from "./wa-message.js";

/** whatsmeow's MessageSource: who sent what where. Empty JIDs print as "". */
export type Source = {
  chat: string;
  sender: string;
  isFromMe: boolean;
  isGroup: boolean;
  addressingMode?: "pn" | "lid";
  senderAlt?: string;
  recipientAlt?: string;
};

export type Envelope = Source & {
  id: string;
  pushName: string;
  timestamp: Date;
  /** Set for messages typed on the user's own phone: whatsmeow unwraps a DeviceSentMessage. */
  deviceSentTo?: string;
};

export function messageSource(source: Source): Record<string, unknown> {
  return {
    Chat: source.chat,
    Sender: source.sender,
    IsFromMe: source.isFromMe,
    IsGroup: source.isGroup,
    AddressingMode: source.addressingMode ?? "",
    SenderAlt: source.senderAlt ?? "",
    RecipientAlt: source.recipientAlt ?? "",
    BroadcastListOwner: "",
    BroadcastRecipients: null,
  };
}

const MIME_EXTENSIONS: Record<string, string> = {
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/webp": ".webp",
  "image/gif": ".gif",
  "video/mp4": ".mp4",
  "audio/ogg": ".ogg",
  "audio/mpeg": ".mp3",
  "application/pdf": ".pdf",
};

export function extensionFor(mimetype: string): string {
  return MIME_EXTENSIONS[mimetype.split(";")[0]?.trim() ?? ""] ?? ".bin";
}

/** A `Message` event as WuzAPI posts it: whatsmeow's events.Message plus the media extras. */
export function messageEvent(envelope: Envelope, content: Content, mediaDelivery: string): EventObject {
  const { type, mediaType } = infoTypes(content);
  const message = waMessage(content, envelope.timestamp.getTime());
  const info = {
    ...messageSource(envelope),
    ID: envelope.id,
    ServerID: 0,
    Type: type,
    PushName: envelope.pushName,
    Timestamp: goTime(envelope.timestamp),
    Category: "",
    Multicast: false,
    MediaType: mediaType,
    Edit: content.kind === "edit" ? "1" : content.kind === "revoke" ? "7" : "",
    MsgBotInfo: { EditType: "", EditTargetID: "", EditSenderTimestampMS: GO_ZERO_TIME, ClientThreadID: "" },
    MsgMetaInfo: {
      TargetID: "",
      TargetSender: "",
      TargetChat: "",
      DeprecatedLIDSession: null,
      ThreadMessageID: "",
      ThreadMessageSenderJID: "",
    },
    IsNewsletterStatus: false,
    VerifiedName: null,
    DeviceSentMeta: envelope.deviceSentTo ? { DestinationJID: envelope.deviceSentTo, Phash: "" } : null,
  };
  const raw = envelope.deviceSentTo
    ? { deviceSentMessage: { destinationJID: envelope.deviceSentTo, message } }
    : message;
  const event: EventObject = {
    type: "Message",
    event: {
      Info: info,
      Message: message,
      IsEphemeral: false,
      IsViewOnce: false,
      IsViewOnceV2: false,
      IsViewOnceV2Extension: false,
      IsDocumentWithCaption: false,
      IsLottieSticker: false,
      IsBotInvoke: false,
      IsEdit: content.kind === "edit",
      SourceWebMsg: null,
      UnavailableRequestID: "",
      RetryCount: 0,
      NewsletterMeta: null,
      RawMessage: raw,
    },
  };
  if ("media" in content && (mediaDelivery === "base64" || mediaDelivery === "both")) {
    event.base64 = content.media.bytes.toString("base64");
    event.mimeType = content.media.mimetype;
    event.fileName =
      content.kind === "document" && content.fileName
        ? content.fileName
        : `${envelope.id}${extensionFor(content.media.mimetype)}`;
  }
  if (content.kind === "sticker") {
    event.isSticker = true;
    event.stickerAnimated = false;
  }
  return event;
}

export type ReceiptState = "Delivered" | "Read";

/** A `ReadReceipt` event: the flattened MessageSource plus the receipt fields and WuzAPI's `state`. */
export function receiptEvent(
  source: Source,
  messageIds: string[],
  state: ReceiptState,
  at: Date,
): EventObject {
  return {
    type: "ReadReceipt",
    state,
    event: {
      ...messageSource(source),
      MessageIDs: messageIds,
      Timestamp: goTime(at),
      // types.ReceiptType: delivery receipts have an empty type.
      Type: state === "Read" ? "read" : "",
      MessageSender: "",
    },
  };
}

export function chatPresenceEvent(
  source: Source,
  state: "composing" | "paused",
  media: "" | "audio",
): EventObject {
  return { type: "ChatPresence", event: { ...messageSource(source), State: state, Media: media } };
}
