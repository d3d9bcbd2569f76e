import { z } from "zod";
import { currentUser, requireUser } from "../../http/session-auth.js";
import type { App } from "../../http/types.js";
import type { ChatHistoryService } from "./chat-history.service.js";
import type { ChatsService } from "./chats.service.js";

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const chatParams = z.object({ id });
export const messageParams = z.object({ id, messageId: id });
const limit = z.coerce.number().int().min(1).max(100).default(50);

const listQuery = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .transform((value) => value || undefined)
    .optional(),
  tagId: id.optional(),
  unread: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional(),
  limit,
  cursor: z.string().max(500).optional(),
});
const startBody = z.strictObject({ phone: z.string().trim().min(1).max(40) });
const messagesQuery = z.object({ before: id.optional(), limit });
/** What WhatsApp takes as one text message. */
export const messageText = z
  .string()
  .min(1)
  .max(4096)
  .refine((text) => text.trim() !== "", "must not be blank");
const sendBody = z.strictObject({
  text: messageText,
  replyToMessageId: z.number().int().positive().optional(),
});

export function registerChatsRoutes(
  app: App,
  deps: { chats: ChatsService; chatHistory: ChatHistoryService },
) {
  const { chats, chatHistory } = deps;

  app.get("/api/chats", { onRequest: requireUser, schema: { querystring: listQuery } }, async (request) =>
    chats.list(currentUser(request).id, request.query),
  );

  app.post("/api/chats", { onRequest: requireUser, schema: { body: startBody } }, async (request) => ({
    chat: await chats.start(currentUser(request).id, request.body.phone),
  }));

  app.get("/api/chats/:id", { onRequest: requireUser, schema: { params: chatParams } }, async (request) => ({
    chat: await chats.get(currentUser(request).id, request.params.id),
  }));

  app.get(
    "/api/chats/:id/messages",
    { onRequest: requireUser, schema: { params: chatParams, querystring: messagesQuery } },
    async (request) => chats.messages(currentUser(request).id, request.params.id, request.query),
  );

  app.post(
    "/api/chats/:id/messages",
    { onRequest: requireUser, schema: { params: chatParams, body: sendBody } },
    async (request, reply) =>
      reply
        .status(201)
        .send({ message: await chats.send(currentUser(request).id, request.params.id, request.body) }),
  );

  app.post(
    "/api/chats/:id/messages/:messageId/retry",
    { onRequest: requireUser, schema: { params: messageParams } },
    async (request) => ({
      message: await chats.retry(currentUser(request).id, request.params.id, request.params.messageId),
    }),
  );

  // Older than what is stored: recovered from WuzAPI now, asked of the phone for later.
  app.post(
    "/api/chats/:id/older",
    { onRequest: requireUser, schema: { params: chatParams } },
    async (request, reply) =>
      reply.status(202).send(await chatHistory.fetchOlder(currentUser(request).id, request.params.id)),
  );

  app.post(
    "/api/chats/:id/read",
    { onRequest: requireUser, schema: { params: chatParams } },
    async (request, reply) => {
      await chats.markRead(currentUser(request).id, request.params.id);
      return reply.status(204).send();
    },
  );
}
