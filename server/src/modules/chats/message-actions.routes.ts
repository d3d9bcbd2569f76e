import { z } from "zod";
import { currentUser, requireUser } from "../../http/session-auth.js";
import type { App } from "../../http/types.js";
import { messageParams, messageText } from "./chats.routes.js";
import type { MessageActionsService } from "./message-actions.service.js";

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
// biome-ignore lint/complexity/useRegexLiterals: the `v` flag (emoji sequences: flags, keycaps, families) is newer than our TS target.
const rgiEmoji = new RegExp("^\\p{RGI_Emoji}$", "v");
const pictographic = /^\p{Extended_Pictographic}/u;

/** One emoji as a person sees it: a single grapheme, fully qualified or not ("❤" and "❤️" both). */
const isOneEmoji = (text: string) =>
  [...graphemes.segment(text)].length === 1 && (rgiEmoji.test(text) || pictographic.test(text));

const reactionBody = z.strictObject({
  /** An empty string removes my reaction, as DELETE does. */
  emoji: z
    .string()
    .max(32)
    .refine((text) => text === "" || isOneEmoji(text), "must be a single emoji"),
});
const editBody = z.strictObject({ text: messageText });

export function registerMessageActionsRoutes(app: App, deps: { messageActions: MessageActionsService }) {
  const { messageActions } = deps;
  const react = (userId: number, params: z.output<typeof messageParams>, emoji: string | null) =>
    messageActions.react(userId, params.id, params.messageId, emoji);

  app.put(
    "/api/chats/:id/messages/:messageId/reaction",
    { onRequest: requireUser, schema: { params: messageParams, body: reactionBody } },
    async (request) => ({
      message: await react(currentUser(request).id, request.params, request.body.emoji || null),
    }),
  );

  app.delete(
    "/api/chats/:id/messages/:messageId/reaction",
    { onRequest: requireUser, schema: { params: messageParams } },
    async (request) => ({ message: await react(currentUser(request).id, request.params, null) }),
  );

  app.delete(
    "/api/chats/:id/messages/:messageId",
    { onRequest: requireUser, schema: { params: messageParams } },
    async (request) => ({
      message: await messageActions.deleteForEveryone(
        currentUser(request).id,
        request.params.id,
        request.params.messageId,
      ),
    }),
  );

  app.patch(
    "/api/chats/:id/messages/:messageId",
    { onRequest: requireUser, schema: { params: messageParams, body: editBody } },
    async (request) => ({
      message: await messageActions.edit(
        currentUser(request).id,
        request.params.id,
        request.params.messageId,
        request.body.text,
      ),
    }),
  );
}
