import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { isDecodableImage, sampleOgg } from "../phones/sample-media.js";
import type { Content, Quote } from "../phones/wa-message.js";
import type { Services } from "../services.js";
import { parseRecipient } from "../util/jid.js";
import { userOf } from "./auth.js";
import { decodeBody, goInt, goNumber, goString } from "./decode.js";
import { ok, WuzapiError } from "./envelope.js";
import { requirePhone } from "./logged-in-phone.js";
import {
  type DecodedMedia,
  decodeDataUrl,
  isHttpUrl,
  rejectMediaUrl,
  sniffImageType,
} from "./media-input.js";
import { requireClient } from "./session.js";

const contextInfoSchema = z
  .object({
    StanzaID: z.string().nullish(),
    Participant: z.string().nullish(),
    MentionedJID: z.array(z.string()).nullish(),
    IsForwarded: z.boolean().nullish(),
  })
  .nullish();

const quotedMessageSchema = z
  .object({
    conversation: z.string().nullish(),
    extendedTextMessage: z.object({ text: z.string().nullish() }).nullish(),
  })
  .nullish();

/** Fields every send accepts (waE2E.ContextInfo keys match case-insensitively, as in Go). */
const commonFields = {
  Phone: goString,
  Id: goString,
  ContextInfo: contextInfoSchema,
  QuotedMessage: quotedMessageSchema,
  QuotedText: goString,
};

type CommonBody = {
  Phone: string;
  Id: string;
  ContextInfo?: z.output<typeof contextInfoSchema>;
  QuotedMessage?: z.output<typeof quotedMessageSchema>;
  QuotedText: string;
};

type BuildInput<B> = { body: B; quote: Quote | undefined; services: Services };

type SendSpec<S extends z.ZodRawShape> = {
  path: string;
  fields: S;
  /** Checked in order: the first empty one answers 400 "missing <Field> in Payload". */
  required: readonly (keyof (S & typeof commonFields) & string)[];
  build: (input: BuildInput<z.output<z.ZodObject<S & typeof commonFields>>>) => Content;
};

/** Media from a data URL, or the error WuzAPI gives for a URL or anything else. */
function mediaInput(
  value: string,
  options: { prefix: string; notData: string; fetchFailure: string; invalid: string },
): DecodedMedia {
  if (value.startsWith(options.prefix)) {
    const decoded = decodeDataUrl(value, options.invalid);
    if (decoded) return decoded;
    throw new WuzapiError(400, options.invalid);
  }
  if (isHttpUrl(value)) rejectMediaUrl(value, options.fetchFailure);
  throw new WuzapiError(400, options.notData);
}

function defineSend<S extends z.ZodRawShape>(spec: SendSpec<S>): SendSpec<S> {
  return spec;
}

const SENDS = [
  defineSend({
    path: "/chat/send/text",
    fields: { Body: goString, LinkPreview: z.boolean().nullish() },
    required: ["Phone", "Body"],
    // WuzAPI sends text as an extendedTextMessage.
    build: ({ body, quote }) => ({ kind: "text", text: body.Body, quote, extended: true }),
  }),
  defineSend({
    path: "/chat/send/image",
    fields: { Image: goString, Caption: goString, MimeType: goString },
    required: ["Phone", "Image"],
    build: ({ body, quote, services }) => {
      const decoded = mediaInput(body.Image, {
        prefix: "data:image",
        notData: 'Image data should start with "data:image/png;base64,"',
        fetchFailure: "failed to fetch image from url",
        invalid: "could not decode base64 encoded data from payload",
      });
      // WuzAPI decodes the image to build a thumbnail and fails on anything it cannot read.
      if (!isDecodableImage(decoded.bytes)) {
        throw new WuzapiError(500, "could not decode image for thumbnail preparation: image: unknown format");
      }
      const mimetype = body.MimeType || sniffImageType(decoded.bytes);
      return {
        kind: "image",
        media: services.context.media.put(decoded.bytes, mimetype),
        caption: body.Caption,
        quote,
      };
    },
  }),
  defineSend({
    path: "/chat/send/video",
    fields: { Video: goString, Caption: goString, JPEGThumbnail: z.unknown().optional() },
    required: ["Phone", "Video"],
    build: ({ body, quote, services }) => {
      const decoded = mediaInput(body.Video, {
        prefix: "data:video/",
        notData: 'Video data should start with "data:video/mp4;base64,"',
        fetchFailure: "failed to fetch video from url",
        invalid: "could not decode base64 encoded data from payload",
      });
      return {
        kind: "video",
        media: services.context.media.put(decoded.bytes, decoded.mimetype),
        caption: body.Caption,
        quote,
      };
    },
  }),
  defineSend({
    path: "/chat/send/audio",
    fields: { Audio: goString, mimetype: goString, Seconds: goInt, PTT: z.boolean().nullish() },
    required: ["Phone", "Audio"],
    build: ({ body, quote, services }) => {
      const decoded = mediaInput(body.Audio, {
        prefix: "data:audio/",
        notData: "audio must be base64 (data:audio/) or valid HTTP URL",
        fetchFailure: "failed to fetch audio",
        invalid: "could not decode base64 encoded data",
      });
      const mimetype = body.mimetype || decoded.mimetype || "audio/ogg; codecs=opus";
      const bytes = decoded.bytes.length > 0 ? decoded.bytes : sampleOgg();
      return {
        kind: "audio",
        media: services.context.media.put(bytes, mimetype),
        seconds: body.Seconds,
        quote,
      };
    },
  }),
  defineSend({
    path: "/chat/send/document",
    fields: { Document: goString, FileName: goString, MimeType: goString, Caption: goString },
    required: ["Phone", "Document", "FileName"],
    build: ({ body, quote, services }) => {
      const decoded = mediaInput(body.Document, {
        prefix: "data:",
        notData: 'document data should start with "data:" or be a valid HTTP URL',
        fetchFailure: "failed to fetch document from url",
        invalid: "could not decode base64 encoded data from payload",
      });
      const mimetype = body.MimeType || decoded.mimetype || "application/octet-stream";
      return {
        kind: "document",
        media: services.context.media.put(decoded.bytes, mimetype),
        fileName: body.FileName,
        caption: body.Caption,
        quote,
      };
    },
  }),
  defineSend({
    path: "/chat/send/sticker",
    fields: { Sticker: goString, PackId: goString, PackName: goString, PackPublisher: goString },
    required: ["Phone", "Sticker"],
    build: ({ body, quote, services }) => {
      const decoded = mediaInput(body.Sticker, {
        prefix: "data:",
        notData: 'sticker data should start with "data:" or be a valid HTTP URL',
        fetchFailure: "failed to fetch sticker from url",
        invalid: "could not decode base64 encoded data from payload",
      });
      // WuzAPI converts stickers to WebP with ffmpeg; the simulator keeps the bytes and labels them WebP.
      return { kind: "sticker", media: services.context.media.put(decoded.bytes, "image/webp"), quote };
    },
  }),
  defineSend({
    path: "/chat/send/location",
    fields: { Latitude: goNumber, Longitude: goNumber, Name: goString },
    required: ["Phone", "Latitude", "Longitude"],
    build: ({ body }) => ({
      kind: "location",
      latitude: body.Latitude,
      longitude: body.Longitude,
      name: body.Name,
    }),
  }),
  defineSend({
    path: "/chat/send/contact",
    fields: { Name: goString, Vcard: goString },
    required: ["Phone", "Name", "Vcard"],
    build: ({ body }) => ({ kind: "contact", displayName: body.Name, vcard: body.Vcard }),
  }),
] as const;

function isEmpty(value: unknown): boolean {
  return value === "" || value === 0 || value === undefined || value === null;
}

/** The ContextInfo checks of WuzAPI's validateMessageFields, and the quote they describe. */
function quoteOf(services: Services, userId: string, body: CommonBody): Quote | undefined {
  const stanzaId = body.ContextInfo?.StanzaID ?? undefined;
  const participant = body.ContextInfo?.Participant ?? undefined;
  if (stanzaId !== undefined && participant === undefined) {
    throw new WuzapiError(400, "missing Participant in ContextInfo");
  }
  if (participant !== undefined && stanzaId === undefined)
    throw new WuzapiError(400, "missing StanzaID in ContextInfo");
  if (stanzaId === undefined || participant === undefined) return undefined;
  const seen = services.messenger.quoteFor(userId, stanzaId, participant);
  const text =
    body.QuotedText ||
    body.QuotedMessage?.conversation ||
    body.QuotedMessage?.extendedTextMessage?.text ||
    seen.text;
  return { id: stanzaId, participant, text };
}

/** The /chat/send/* routes: every send answers `{"Details":"Sent","Timestamp":<unix s>,"Id"}`. */
export function registerSendRoutes(app: FastifyInstance, services: Services): void {
  for (const spec of SENDS) {
    const schema = z.object({ ...commonFields, ...spec.fields });
    app.post(spec.path, async (request, reply) => {
      const user = userOf(request);
      requireClient(services, user);
      const body = decodeBody(request, schema) as CommonBody & Record<string, unknown>;
      for (const field of spec.required) {
        if (isEmpty(body[field])) throw new WuzapiError(400, `missing ${field} in Payload`);
      }
      const recipient = parseRecipient(body.Phone);
      if (!recipient) throw new WuzapiError(400, "could not parse Phone");
      const quote = quoteOf(services, user.id, body);
      // Each spec's build receives the body its own schema produced.
      const content = (spec.build as (input: BuildInput<unknown>) => Content)({ body, quote, services });
      const phone = requirePhone(services, user, "error sending message");
      const sent = services.messenger.sendFromApi(user, phone, recipient, content, body.Id);
      return ok(reply, { Details: "Sent", Timestamp: sent.timestamp, Id: sent.id });
    });
  }
}
