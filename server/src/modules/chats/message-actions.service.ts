import type { AccountRow } from "../../db/schema.js";
import { ConflictError, ForbiddenError, NotFoundError } from "../../lib/errors.js";
import type { RealtimeHub } from "../realtime/hub.js";
import type { AccountRepo } from "../whatsapp/account.repo.js";
import type { WuzapiUserClient } from "../whatsapp/wuzapi/wuzapi-client.js";
import type { MessageChange } from "./chat-events.js";
import { changeEvents } from "./chat-ingest.js";
import type { ChatsRepo, MessageRow } from "./chats.repo.js";
import {
  findMessageItem,
  findOwnChat,
  isNotConnected,
  type MessageItem,
  NOT_CONNECTED,
  ownJidOf,
  presentMessage,
} from "./chats.service.js";

export interface MessageActionsDeps {
  repo: ChatsRepo;
  accounts: Pick<AccountRepo, "findByUserId">;
  clientFor(row: AccountRow): WuzapiUserClient;
  hub: Pick<RealtimeHub, "publish">;
}

const HOUR_MS = 3_600_000;
/** WhatsApp lets the sender delete a message for everyone for about two days. */
export const DELETE_FOR_EVERYONE_MS = 48 * HOUR_MS;
/** …and edit it for 15 minutes. */
export const EDIT_WINDOW_MS = 15 * 60_000;

/** A pending or failed message never reached WhatsApp: there is nothing there to change. */
function requireSent(message: MessageRow): void {
  if (message.deleted_at) throw new ConflictError("This message was deleted", "message_deleted");
  if (message.status === "pending" || message.status === "failed")
    throw new ConflictError("This message has not been sent", "message_not_sent");
}

function requireOwn(message: MessageRow, action: string): void {
  if (!message.from_me)
    throw new ForbiddenError(`Only your own messages can be ${action}`, "not_own_message");
}

function requireWithin(message: MessageRow, windowMs: number, action: string): void {
  if (Date.now() - message.sent_at.getTime() > windowMs)
    throw new ConflictError(`This message is too old to be ${action}`, "message_too_old");
}

/** A session that cannot send, in the words the composer uses; anything else (503 when down) as is. */
async function onWhatsApp<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isNotConnected(error)) throw new ConflictError(NOT_CONNECTED, "not_connected");
    throw error;
  }
}

/**
 * What a user does to a message already in a chat: react, delete for everyone, edit. WhatsApp is
 * asked first; only once it accepted is the change stored (the same way an incoming one is).
 */
export function createMessageActionsService(deps: MessageActionsDeps) {
  const { repo, hub } = deps;

  /** The user's chat and one of its messages; anyone else's is not found. */
  async function target(userId: number, chatId: number, messageId: number) {
    const { account, chat } = await findOwnChat(deps, userId, chatId);
    const message = await repo.findMessage(chatId, messageId);
    if (!message) throw new NotFoundError("No such message", "message_not_found");
    return { account, chat, message };
  }

  async function store(
    account: AccountRow,
    chat: { id: number; jid: string },
    messageId: number,
    change: MessageChange,
  ): Promise<MessageItem> {
    await repo.applyChange(account.id, chat.jid, change);
    await hub.publish(account.user_id, ...changeEvents(chat.id, messageId, change));
    return findMessageItem(repo, account, chat.id, messageId);
  }

  return {
    /** Sets my one reaction to the message, or removes it (`emoji` null). */
    async react(userId: number, chatId: number, messageId: number, emoji: string | null) {
      const { account, chat, message } = await target(userId, chatId, messageId);
      requireSent(message);
      const ownJid = ownJidOf(account);
      if (!ownJid) throw new ConflictError(NOT_CONNECTED, "not_connected");
      const current = message.reactions?.[ownJid] ?? null;
      if (current === emoji) return presentMessage(message, ownJid);
      // In groups WhatsApp needs the author of the message reacted to.
      const participant = chat.is_group ? (message.from_me ? ownJid : message.sender_jid) : null;
      await onWhatsApp(() =>
        deps.clientFor(account).react({
          phone: chat.jid,
          messageId: message.wa_id,
          emoji,
          fromMe: message.from_me,
          ...(participant ? { participant } : {}),
        }),
      );
      return store(account, chat, messageId, {
        kind: "reaction",
        targetWaId: message.wa_id,
        senderJid: ownJid,
        emoji,
      });
    },

    /** Revokes one of my sent messages for everyone. Deleting it again changes nothing. */
    async deleteForEveryone(userId: number, chatId: number, messageId: number): Promise<MessageItem> {
      const { account, chat, message } = await target(userId, chatId, messageId);
      requireOwn(message, "deleted for everyone");
      if (message.deleted_at) return presentMessage(message, ownJidOf(account));
      requireSent(message);
      requireWithin(message, DELETE_FOR_EVERYONE_MS, "deleted for everyone");
      await onWhatsApp(() => deps.clientFor(account).deleteMessage({ phone: chat.jid, id: message.wa_id }));
      return store(account, chat, messageId, { kind: "revoke", targetWaId: message.wa_id, at: new Date() });
    },

    /** Replaces the text of one of my sent text messages. */
    async edit(userId: number, chatId: number, messageId: number, text: string): Promise<MessageItem> {
      const { account, chat, message } = await target(userId, chatId, messageId);
      requireOwn(message, "edited");
      requireSent(message);
      if (message.type !== "text") throw new ConflictError("Only text messages can be edited", "not_text");
      requireWithin(message, EDIT_WINDOW_MS, "edited");
      if (message.text === text) return presentMessage(message, ownJidOf(account));
      await onWhatsApp(() =>
        deps.clientFor(account).editMessage({ phone: chat.jid, id: message.wa_id, body: text }),
      );
      return store(account, chat, messageId, {
        kind: "edit",
        targetWaId: message.wa_id,
        text,
        at: new Date(),
      });
    },
  };
}

export type MessageActionsService = ReturnType<typeof createMessageActionsService>;
