import fastifyMultipart from "@fastify/multipart";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { bigserialIdParam } from "../../http/ids.js";
import { currentUser, requireUser } from "../../http/session-auth.js";
import type { App } from "../../http/types.js";
import { ValidationError } from "../../lib/errors.js";
import type { ChatsService } from "../chats/chats.service.js";
import type { MediaService } from "./media.service.js";
import type { OwnMedia } from "./media-sender.js";
import { byteRange, contentDisposition, isInlineType, servedContentType } from "./media-types.js";
import { UnsupportedMediaError, UPLOAD_LIMITS } from "./upload.js";

const mediaParams = z.object({ id: bigserialIdParam, messageId: bigserialIdParam });
const mediaQuery = z.object({ download: z.enum(["0", "1"]).optional() });
const chatParams = z.object({ id: bigserialIdParam });

/** The form fields next to the file. */
const uploadFields = z.strictObject({
  caption: z
    .string()
    .max(4096)
    .transform((text) => (text.trim() === "" ? undefined : text))
    .optional(),
  replyToMessageId: bigserialIdParam.optional(),
});

function fieldsOf(raw: Record<string, string>, media: OwnMedia) {
  const parsed = uploadFields.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") || "form";
    throw new ValidationError(`${field}: ${issue?.message ?? "is invalid"}`, { field });
  }
  if (media.type === "audio" && parsed.data.caption)
    throw new ValidationError("caption: a voice note or audio file has no caption", { field: "caption" });
  return parsed.data;
}

/**
 * `GET /api/chats/:id/messages/:messageId/media`: the bytes, to the chat's owner only. Pictures,
 * video and sound show inline; anything else (SVG and HTML included) is a download, and
 * `?download=1` makes anything one.
 */
export async function registerMediaRoutes(app: App, deps: { media: MediaService; chats: ChatsService }) {
  app.get(
    "/api/chats/:id/messages/:messageId/media",
    { onRequest: requireUser, schema: { params: mediaParams, querystring: mediaQuery } },
    async (request, reply) => {
      const file = await deps.media.open(
        currentUser(request).id,
        request.params.id,
        request.params.messageId,
      );
      const inline = isInlineType(file.mime) && request.query.download !== "1";
      const etag = `"${file.key}"`;
      reply
        .header("cache-control", "private, max-age=86400")
        .header("etag", etag)
        .header("x-content-type-options", "nosniff")
        // Opened on its own, the file can run nothing.
        .header("content-security-policy", "default-src 'none'; sandbox")
        .header(
          "content-disposition",
          contentDisposition(inline ? "inline" : "attachment", file.name, {
            type: file.type,
            id: file.messageId,
            mime: file.mime,
          }),
        );
      if (request.headers["if-none-match"] === etag) return reply.status(304).send();
      reply.header("content-type", servedContentType(file.mime, inline)).header("accept-ranges", "bytes");
      // Players seek with ranges (Safari plays no audio or video without them).
      const range = byteRange(request.headers.range, file.size);
      if (range === "unsatisfiable")
        return reply.status(416).header("content-range", `bytes */${file.size}`).send();
      if (range)
        return reply
          .status(206)
          .header("content-range", `bytes ${range.start}-${range.end}/${file.size}`)
          .header("content-length", range.end - range.start + 1)
          .send(file.read(range));
      return reply.header("content-length", file.size).send(file.read());
    },
  );

  /**
   * `POST /api/chats/:id/media`: one file (field `file`) with an optional `caption` and
   * `replyToMessageId`, as multipart/form-data (this route alone takes it). The file is kept
   * first, then sent like a text: pending, then sent or failed (and Retry sends the same bytes).
   */
  await app.register(async (plugin) => {
    await plugin.register(fastifyMultipart, {
      limits: { fileSize: UPLOAD_LIMITS.document, files: 1, fields: 4, fieldSize: 16 * 1024, parts: 5 },
    });
    plugin
      .withTypeProvider<ZodTypeProvider>()
      .post(
        "/api/chats/:id/media",
        { onRequest: requireUser, schema: { params: chatParams } },
        async (request, reply) => {
          const userId = currentUser(request).id;
          // Only into one's own chat: nobody else gets to fill the disk.
          await deps.chats.get(userId, request.params.id);
          if (!request.isMultipart()) throw new UnsupportedMediaError("Send the file as multipart/form-data");
          const fields: Record<string, string> = {};
          let media: OwnMedia | null = null;
          try {
            for await (const part of request.parts()) {
              if (part.type === "field") {
                if (typeof part.value === "string") fields[part.fieldname] = part.value;
              } else if (part.fieldname !== "file" || media) {
                part.file.resume();
                throw new ValidationError("file: send one file, in the field named file", { field: "file" });
              } else {
                media = await deps.media.upload({
                  stream: part.file,
                  mimetype: part.mimetype,
                  fileName: part.filename,
                });
              }
            }
            if (!media) throw new ValidationError("file: is required", { field: "file" });
            const input = fieldsOf(fields, media);
            const message = await deps.chats.send(userId, request.params.id, {
              text: input.caption,
              replyToMessageId: input.replyToMessageId,
              media,
            });
            return reply.status(201).send({ message });
          } catch (error) {
            if (media) await deps.media.discard(media);
            throw error;
          }
        },
      );
  });
}
