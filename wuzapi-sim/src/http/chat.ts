import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Content } from "../phones/wa-message.js";
import type { Services } from "../services.js";
import type { UserRecord } from "../store/user-record.js";
import { parseRecipient } from "../util/jid.js";
import { userOf } from "./auth.js";
import { decodeBody, goNumber, goString, goStringList } from "./decode.js";
import { ok, WuzapiError } from "./envelope.js";
import { requirePhone } from "./logged-in-phone.js";
import { requireClient } from "./session.js";

const DOWNLOAD_KINDS = ["image", "video", "audio", "document", "sticker"] as const;

const downloadSchema = z.object({
  Url: goString,
  DirectPath: goString,
  MediaKey: goString,
  Mimetype: goString,
  FileEncSHA256: goString,
  FileSHA256: goString,
  FileLength: goNumber,
});

function requireFields(body: Record<string, unknown>, fields: readonly string[]): void {
  for (const field of fields) {
    const value = body[field];
    if (value === "" || (Array.isArray(value) && value.length === 0)) {
      throw new WuzapiError(400, `missing ${field} in Payload`);
    }
  }
}

function recipientOf(phone: string): string {
  const recipient = parseRecipient(phone);
  if (!recipient) throw new WuzapiError(400, "could not parse Phone");
  return recipient;
}

/** /chat/*: edits, deletes, reactions, read marks, typing, stored history and media downloads. */
export function registerChatRoutes(app: FastifyInstance, services: Services): void {
  const { context, messenger } = services;

  /** Sends a protocol message (edit, revoke, reaction) and answers like every send. */
  const sendProtocol = (user: UserRecord, phoneField: string, content: (recipient: string) => Content) => {
    const recipient = recipientOf(phoneField);
    const phone = requirePhone(services, user, "error sending message");
    return messenger.sendFromApi(user, phone, recipient, content(recipient), "");
  };

  app.post("/chat/send/edit", async (request, reply) => {
    const user = userOf(request);
    requireClient(services, user);
    const body = decodeBody(request, z.object({ Phone: goString, Body: goString, Id: goString }));
    requireFields(body, ["Phone", "Body", "Id"]);
    const sent = sendProtocol(user, body.Phone, (recipient) => ({
      kind: "edit",
      key: { remoteJID: recipient, fromMe: true, ID: body.Id },
      text: body.Body,
    }));
    return ok(reply, { Details: "Sent", Timestamp: sent.timestamp, Id: body.Id });
  });

  app.post("/chat/delete", async (request, reply) => {
    const user = userOf(request);
    requireClient(services, user);
    const body = decodeBody(request, z.object({ Phone: goString, Id: goString }));
    requireFields(body, ["Phone", "Id"]);
    const sent = sendProtocol(user, body.Phone, (recipient) => ({
      kind: "revoke",
      key: { remoteJID: recipient, fromMe: true, ID: body.Id },
    }));
    return ok(reply, { Details: "Deleted", Timestamp: sent.timestamp, Id: body.Id });
  });

  app.post("/chat/react", async (request, reply) => {
    const user = userOf(request);
    requireClient(services, user);
    const body = decodeBody(
      request,
      z.object({ Phone: goString, Body: goString, Id: goString, Participant: goString }),
    );
    requireFields(body, ["Phone", "Body", "Id"]);
    // "me:<id>" reacts to one of the user's own messages; "remove" withdraws the reaction.
    const fromMe = body.Id.startsWith("me:");
    const id = fromMe ? body.Id.slice(3) : body.Id;
    const emoji = body.Body === "remove" ? "" : body.Body;
    const sent = sendProtocol(user, body.Phone, (recipient) => ({
      kind: "reaction",
      emoji,
      key: {
        remoteJID: recipient,
        fromMe,
        ID: id,
        ...(body.Participant ? { participant: body.Participant } : {}),
      },
    }));
    return ok(reply, { Details: "Sent", Timestamp: sent.timestamp, Id: sent.id });
  });

  app.post("/chat/markread", async (request, reply) => {
    const user = userOf(request);
    requireClient(services, user);
    const body = decodeBody(
      request,
      z.object({ Id: goStringList, ChatPhone: goString, SenderPhone: goString }),
    );
    requireFields(body, ["Id", "ChatPhone"]);
    requirePhone(services, user, "failed to mark message(s) as read");
    messenger.markRead(body.Id);
    return ok(reply, { Details: "Message(s) marked as read" });
  });

  app.post("/chat/presence", async (request, reply) => {
    const user = userOf(request);
    requireClient(services, user);
    const body = decodeBody(request, z.object({ Phone: goString, State: goString, Media: goString }));
    requireFields(body, ["Phone", "State"]);
    recipientOf(body.Phone);
    requirePhone(services, user, "failure sending chat presence");
    return ok(reply, { Details: "Chat presence set successfuly" });
  });

  app.get("/chat/history", async (request, reply) => {
    const user = userOf(request);
    if (user.history <= 0) throw new WuzapiError(501, "message history is disabled for this user");
    const query = z
      .object({ chat_jid: z.string().optional(), limit: z.string().optional() })
      .catch({})
      .parse(request.query);
    const chatJid = query.chat_jid ?? "";
    if (chatJid === "") throw new WuzapiError(400, "chat_jid is required");
    // Faithful to WuzAPI, and a trap: "index" lists the chats of every user on the server.
    if (chatJid === "index") return ok(reply, context.history.index());
    const parsedLimit = Number.parseInt(query.limit ?? "", 10);
    const limit = Number.isFinite(parsedLimit) && parsedLimit > 0 ? parsedLimit : 50;
    const rows = context.history.chat(user.id, chatJid, limit);
    return ok(reply, rows.length > 0 ? rows : null);
  });

  for (const kind of DOWNLOAD_KINDS) {
    app.post(`/chat/download${kind}`, async (request, reply) => {
      const user = userOf(request);
      requireClient(services, user);
      const body = decodeBody(request, downloadSchema);
      requirePhone(services, user, `failed to download ${kind}`);
      const media = context.media.find({ directPath: body.DirectPath, url: body.Url });
      if (!media)
        throw new WuzapiError(500, `failed to download ${kind}: download failed with status code 404`);
      const mimetype = body.Mimetype || media.mimetype;
      return ok(reply, {
        Mimetype: mimetype,
        Data: `data:${mimetype};base64,${media.bytes.toString("base64")}`,
      });
    });
  }
}
