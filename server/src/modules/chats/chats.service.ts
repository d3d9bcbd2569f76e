import { randomBytes } from "node:crypto";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import type { Logger } from "pino";
import type { AccountRow, MessageStatus } from "../../db/schema.js";
import { AppError, ConflictError, NotFoundError, ValidationError } from "../../lib/errors.js";
import { jidToE164, normalizeTypedPhone } from "../../lib/phone.js";
import { bareJid } from "../contacts/seen-contacts.js";
import type { Directory } from "../directory/directory.js";
import type { MediaSender, OwnMedia } from "../media/media-sender.js";
import type { RealtimeHub } from "../realtime/hub.js";
import type { AccountRepo } from "../whatsapp/account.repo.js";
import type { WuzapiUserClient } from "../whatsapp/wuzapi/wuzapi-client.js";
import { isWuzapiError, type WuzapiErrorKind } from "../whatsapp/wuzapi/wuzapi-errors.js";
import { previewOf } from "./chat-ingest.js";
import type { ChatCursor, ChatListRow, ChatsRepo, MessageRow } from "./chats.repo.js";

export interface ChatsServiceDeps {
  repo: ChatsRepo;
  accounts: Pick<AccountRepo, "findByUserId">;
  /** WuzAPI on behalf of an account (the account service's `clientFor`). */
  clientFor(row: AccountRow): WuzapiUserClient;
  directory: Pick<Directory, "contacts">;
  hub: Pick<RealtimeHub, "publish">;
  /** Sends a stored file (photos, voice notes, documents). */
  sendMedia: MediaSender;
  /** Where a number typed without a country code is read (new chats). */
  phoneDefaultRegion: string;
  logger: Logger;
}

export interface ChatItem {
  id: number;
  jid: string;
  isGroup: boolean;
  title: string;
  phoneE164: string | null;
  contact: {
    whatsappContactId: number;
    contactRefId: number | null;
    name: string;
    tagId: number | null;
  } | null;
  favouriteId: number | null;
  lastMessageAt: string | null;
  lastMessagePreview: string | null;
  lastMessageFromMe: boolean;
  lastMessageStatus: MessageStatus | null;
  unreadCount: number;
}

export interface MessageItem {
  id: number;
  waId: string;
  fromMe: boolean;
  senderJid: string | null;
  senderName: string | null;
  type: string;
  text: string | null;
  media: {
    mime: string | null;
    name: string | null;
    size: number | null;
    /** Where the browser fetches the bytes (the owner only). */
    url: string;
    /** `pending` while it is downloaded from WhatsApp; `failed` when that gave up. */
    state: "ready" | "pending" | "failed";
  } | null;
  quoted: { waId: string; text: string | null; senderName: string | null; fromMe: boolean } | null;
  reactions: Array<{ emoji: string; count: number; mine: boolean }>;
  status: MessageStatus;
  error: string | null;
  sentAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export interface ChatListQuery {
  q?: string | undefined;
  tagId?: number | undefined;
  unread?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

const DIRECTORY_PAGE = 1000;
/** Org contacts whose names a chat search also matches (a search past this many is too broad to help). */
const SEARCH_CONTACTS_CAP = 1000;
/** Org contacts a tag filter considers. */
const TAG_CONTACTS_CAP = 20_000;
/** Inbound messages marked read on WhatsApp when a chat is opened. */
const MARK_READ_LIMIT = 100;
export const NOT_CONNECTED = "Your WhatsApp number is not connected";
const SEND_FAILED = "Sending failed";
/** WuzAPI's words for a session that cannot send (CONTRACT.md §4). */
const NOT_CONNECTED_KINDS: WuzapiErrorKind[] = ["no_session", "not_connected", "not_logged_in"];

/** WuzAPI answered that the number's session cannot send right now. */
export const isNotConnected = (error: unknown) =>
  NOT_CONNECTED_KINDS.some((kind) => isWuzapiError(error, kind));

const iso = (date: Date | null) => (date ? date.toISOString() : null);

const encodeCursor = (cursor: ChatCursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url");

function decodeCursor(text: string): ChatCursor {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as Partial<ChatCursor>;
    if (
      Number.isInteger(value.rank) &&
      Number.isInteger(value.id) &&
      (value.lastMessageAt === null || !Number.isNaN(Date.parse(String(value.lastMessageAt))))
    )
      return value as ChatCursor;
  } catch {
    // Falls through to the validation error.
  }
  throw new ValidationError("cursor: not a cursor this list gave", { field: "cursor" });
}

/** A fresh id in the style of WhatsApp Web's: sending with our own id makes a retry idempotent. */
const newWaId = () => `3EB0${randomBytes(8).toString("hex").toUpperCase()}`;

function formattedNumber(e164: string | null): string | null {
  return e164 ? (parsePhoneNumberFromString(e164)?.formatInternational() ?? e164) : null;
}

/** The account's own JID without its device part: the sender key of its reactions. */
export const ownJidOf = (account: AccountRow) => (account.jid ? bareJid(account.jid) : null);

export function presentMessage(row: MessageRow, ownJid: string | null): MessageItem {
  const counts = new Map<string, { count: number; mine: boolean }>();
  for (const [sender, emoji] of Object.entries(row.reactions ?? {})) {
    const entry = counts.get(emoji) ?? { count: 0, mine: false };
    counts.set(emoji, { count: entry.count + 1, mine: entry.mine || sender === ownJid });
  }
  return {
    id: row.id,
    waId: row.wa_id,
    fromMe: row.from_me,
    senderJid: row.sender_jid,
    senderName: row.sender_name,
    type: row.type,
    text: row.text,
    media:
      row.media_mime !== null || row.media_name !== null || row.media_size !== null
        ? {
            mime: row.media_mime,
            name: row.media_name,
            size: row.media_size === null ? null : Number(row.media_size),
            url: `/api/chats/${row.chat_id}/messages/${row.id}/media`,
            state: row.media_state ?? "pending",
          }
        : null,
    quoted:
      row.quoted_wa_id !== null
        ? {
            waId: row.quoted_wa_id,
            text: row.quoted_deleted_at ? null : row.quoted_text,
            senderName: row.quoted_sender_name,
            fromMe: row.quoted_from_me === true,
          }
        : null,
    reactions: [...counts].map(([emoji, { count, mine }]) => ({ emoji, count, mine })),
    status: row.status,
    error: row.error,
    sentAt: row.sent_at.toISOString(),
    editedAt: iso(row.edited_at),
    deletedAt: iso(row.deleted_at),
  };
}

type OwnershipDeps = Pick<ChatsServiceDeps, "repo" | "accounts">;

/** The user's account and one of its chats; anyone else's chat is not found. */
export async function findOwnChat(deps: OwnershipDeps, userId: number, chatId: number) {
  const account = await deps.accounts.findByUserId(userId);
  const chat = account ? await deps.repo.findOwnedChat(account.id, chatId) : undefined;
  if (!account || !chat) throw new NotFoundError("No such chat", "chat_not_found");
  return { account, chat };
}

/** One message of a chat as the API shows it. */
export async function findMessageItem(
  repo: ChatsRepo,
  account: AccountRow,
  chatId: number,
  messageId: number,
): Promise<MessageItem> {
  const row = await repo.findMessage(chatId, messageId);
  if (!row) throw new NotFoundError("No such message", "message_not_found");
  return presentMessage(row, ownJidOf(account));
}

/** The user's own chats: listing, reading, sending. Nobody sees another account's chats. */
export function createChatsService(deps: ChatsServiceDeps) {
  const { repo, hub } = deps;

  async function accountOf(userId: number): Promise<AccountRow | null> {
    return (await deps.accounts.findByUserId(userId)) ?? null;
  }

  const ownChat = (userId: number, chatId: number) => findOwnChat(deps, userId, chatId);

  async function presentChats(rows: ChatListRow[]): Promise<ChatItem[]> {
    const refIds = [
      ...new Set(rows.flatMap((row) => (row.contact_ref_id === null ? [] : [row.contact_ref_id]))),
    ];
    const orgContacts = new Map(
      (await Promise.all(refIds.map((id) => deps.directory.contacts.findById(id))))
        .filter((contact) => contact !== null)
        .map((contact) => [contact.id, contact]),
    );
    return rows.map((row) => {
      const org = row.contact_ref_id === null ? undefined : orgContacts.get(row.contact_ref_id);
      const whatsappName = row.full_name ?? row.push_name ?? row.business_name;
      const phoneE164 = row.is_group ? null : (row.phone_e164 ?? jidToE164(row.jid));
      const title = org?.name ?? whatsappName ?? row.title ?? formattedNumber(phoneE164) ?? row.jid;
      return {
        id: row.id,
        jid: row.jid,
        isGroup: row.is_group,
        title,
        phoneE164,
        contact:
          row.contact_whatsapp_id === null
            ? null
            : {
                whatsappContactId: row.contact_whatsapp_id,
                contactRefId: row.contact_ref_id,
                name: title,
                tagId: org?.tagId ?? null,
              },
        favouriteId: row.favourite_id,
        lastMessageAt: iso(row.last_message_at),
        lastMessagePreview: row.last_message_preview,
        lastMessageFromMe: row.last_from_me === true,
        lastMessageStatus: row.last_status,
        unreadCount: row.unread_count,
      };
    });
  }

  /** Org contacts matching a search or carrying a tag, read a page at a time up to a cap. */
  async function contactIds(query: { q?: string; tagId?: number }, cap: number): Promise<number[]> {
    const ids: number[] = [];
    while (ids.length < cap) {
      const page = await deps.directory.contacts.search({
        ...query,
        sort: "name",
        offset: ids.length,
        limit: Math.min(DIRECTORY_PAGE, cap - ids.length),
      });
      ids.push(...page.items.map((contact) => contact.id));
      if (page.items.length < DIRECTORY_PAGE) break;
    }
    return ids;
  }

  const messageItem = (account: AccountRow, chatId: number, messageId: number) =>
    findMessageItem(repo, account, chatId, messageId);

  /** Hands a pending own message to WhatsApp; a failure is stored on the message for a retry. */
  async function deliver(
    account: AccountRow,
    chat: { id: number; jid: string },
    message: {
      id: number;
      waId: string;
      text: string | null;
      media: OwnMedia | null;
      quoted: { waId: string; participant: string } | null;
    },
  ): Promise<void> {
    try {
      const client = deps.clientFor(account);
      const common = {
        phone: chat.jid,
        id: message.waId,
        ...(message.quoted
          ? { quoted: { stanzaId: message.quoted.waId, participant: message.quoted.participant } }
          : {}),
      };
      const sent = message.media
        ? await deps.sendMedia(client, common, message.media, message.text)
        : await client.sendText({ ...common, body: message.text ?? "" });
      await repo.markSent(message.id, { waId: sent.id, at: sent.timestamp });
    } catch (error) {
      // Whatever went wrong, the message must not stay pending: failed shows Retry.
      // WuzAPI down or too slow says which (ServiceUnavailableError's own message).
      const reason = isNotConnected(error)
        ? NOT_CONNECTED
        : error instanceof AppError
          ? error.message
          : SEND_FAILED;
      deps.logger.warn(
        { err: error, accountId: account.id, messageId: message.id },
        "sending a message failed",
      );
      await repo.markFailed(message.id, reason);
    }
    await hub.publish(
      account.user_id,
      { type: "message.updated", chatId: chat.id, messageId: message.id },
      { type: "chat.updated", chatId: chat.id },
    );
  }

  /** Who wrote the quoted message, as WhatsApp's reply context names them. */
  function quoteOf(
    account: AccountRow,
    chat: { jid: string },
    quoted: { waId: string; fromMe: boolean; senderJid: string | null },
  ) {
    const participant = quoted.fromMe ? ownJidOf(account) : quoted.senderJid;
    return { waId: quoted.waId, participant: participant ?? chat.jid };
  }

  return {
    async list(
      userId: number,
      query: ChatListQuery,
    ): Promise<{ items: ChatItem[]; nextCursor: string | null }> {
      const cursor = query.cursor ? decodeCursor(query.cursor) : null;
      const account = await accountOf(userId);
      if (!account) return { items: [], nextCursor: null };
      const rows = await repo.listChats(account.id, userId, {
        q: query.q,
        ...(query.q ? { contactRefIdsMatchingQ: await contactIds({ q: query.q }, SEARCH_CONTACTS_CAP) } : {}),
        contactRefIds:
          query.tagId === undefined ? undefined : await contactIds({ tagId: query.tagId }, TAG_CONTACTS_CAP),
        unread: query.unread,
        cursor,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: await presentChats(page),
        nextCursor:
          rows.length > query.limit && last
            ? encodeCursor({ rank: Number(last.rank), lastMessageAt: iso(last.last_message_at), id: last.id })
            : null,
      };
    },

    async get(userId: number, chatId: number): Promise<ChatItem> {
      const account = await accountOf(userId);
      const [row] = account ? await repo.listChats(account.id, userId, { chatId, limit: 1 }) : [];
      if (!row) throw new NotFoundError("No such chat", "chat_not_found");
      const [item] = await presentChats([row]);
      return item as ChatItem;
    },

    /**
     * The chat with a typed number, created when there is none yet. WhatsApp says whether the
     * number has an account and under which JID (an old Brazilian number may lack its 9th digit).
     */
    async start(userId: number, phone: string): Promise<ChatItem> {
      const account = await accountOf(userId);
      if (account?.state !== "connected") throw new ConflictError(NOT_CONNECTED, "not_connected");
      const { e164 } = normalizeTypedPhone(phone, deps.phoneDefaultRegion);
      if (!e164) throw new ValidationError("phone: not a valid phone number", { field: "phone" });
      const [found] = await deps
        .clientFor(account)
        .check([e164.slice(1)])
        .catch((error: unknown) => {
          if (isNotConnected(error)) throw new ConflictError(NOT_CONNECTED, "not_connected");
          throw error;
        });
      if (!found?.isInWhatsapp)
        throw new ValidationError("phone: this number is not on WhatsApp", { field: "phone" });
      const jid = bareJid(found.jid);
      const chatId =
        (await repo.findChatByJid(account.id, jid)) ??
        (await repo.upsertChat(account.id, { jid, isGroup: false })).id;
      await hub.publish(account.user_id, { type: "chat.updated", chatId });
      return this.get(userId, chatId);
    },

    /** A page of messages, oldest first, ending just before `before` (or at the newest). */
    async messages(userId: number, chatId: number, query: { before?: number | undefined; limit: number }) {
      const { account } = await ownChat(userId, chatId);
      let before: { sentAt: Date; id: number } | null = null;
      if (query.before !== undefined) {
        const anchor = await repo.findMessage(chatId, query.before);
        if (!anchor) throw new NotFoundError("No such message", "message_not_found");
        before = { sentAt: anchor.sent_at, id: anchor.id };
      }
      const rows = await repo.messagesBefore(chatId, before, query.limit);
      const ownJid = ownJidOf(account);
      return {
        items: rows
          .slice(0, query.limit)
          .reverse()
          .map((row) => presentMessage(row, ownJid)),
        hasMore: rows.length > query.limit,
      };
    },

    async send(
      userId: number,
      chatId: number,
      input: { text?: string | undefined; replyToMessageId?: number | undefined; media?: OwnMedia },
    ) {
      const { account, chat } = await ownChat(userId, chatId);
      // Fails before anything is stored when the number was never set up.
      deps.clientFor(account);
      const quoted =
        input.replyToMessageId === undefined
          ? undefined
          : await repo.findMessage(chatId, input.replyToMessageId);
      if (input.replyToMessageId !== undefined && !quoted)
        throw new ValidationError("replyToMessageId: no such message in this chat", {
          field: "replyToMessageId",
        });
      const waId = newWaId();
      const messageId = await repo.insertPending({
        accountId: account.id,
        chatId,
        chatJid: chat.jid,
        waId,
        senderJid: ownJidOf(account),
        text: input.text ?? null,
        quotedWaId: quoted?.wa_id ?? null,
        ...(input.media && { media: input.media }),
      });
      await repo.touchLastMessage(chatId, {
        at: new Date(),
        preview: previewOf({ type: input.media?.type ?? "text", text: input.text ?? null }),
      });
      await hub.publish(account.user_id, { type: "message.created", chatId, messageId });
      await deliver(account, chat, {
        id: messageId,
        waId,
        text: input.text ?? null,
        media: input.media ?? null,
        quoted: quoted
          ? quoteOf(account, chat, {
              waId: quoted.wa_id,
              fromMe: quoted.from_me,
              senderJid: quoted.sender_jid,
            })
          : null,
      });
      return messageItem(account, chatId, messageId);
    },

    /** Sends a failed own message again, with the same WhatsApp id. */
    async retry(userId: number, chatId: number, messageId: number) {
      const { account, chat } = await ownChat(userId, chatId);
      deps.clientFor(account);
      const message = await repo.findMessage(chatId, messageId);
      const media: OwnMedia | null =
        message?.media_key != null
          ? {
              type: message.type as OwnMedia["type"],
              key: message.media_key,
              mime: message.media_mime ?? "application/octet-stream",
              name: message.media_name,
              size: Number(message.media_size),
            }
          : null;
      if (!message?.from_me || (!media && (message.type !== "text" || message.text === null)))
        throw new NotFoundError("No such message", "message_not_found");
      if (!(await repo.retryFailed(chatId, messageId)))
        throw new ValidationError("Only a failed message can be sent again", { field: "messageId" });
      await hub.publish(account.user_id, { type: "message.updated", chatId, messageId });
      await deliver(account, chat, {
        id: messageId,
        waId: message.wa_id,
        text: message.text,
        media,
        quoted:
          message.quoted_wa_id !== null
            ? quoteOf(account, chat, {
                waId: message.quoted_wa_id,
                fromMe: message.quoted_from_me === true,
                senderJid: message.quoted_sender_jid,
              })
            : null,
      });
      return messageItem(account, chatId, messageId);
    },

    /** Marks the chat read here and, best effort, on WhatsApp (so the sender sees blue ticks). */
    async markRead(userId: number, chatId: number): Promise<void> {
      const { account, chat } = await ownChat(userId, chatId);
      if (chat.unread_count === 0) return;
      const unread = await repo.latestInbound(chatId, Math.min(chat.unread_count, MARK_READ_LIMIT));
      await repo.clearUnread(chatId);
      await hub.publish(account.user_id, { type: "chat.updated", chatId });
      // WuzAPI down or slow must not hold up the request: this runs after the answer.
      const bySender = new Map<string, string[]>();
      for (const message of unread) {
        const sender = message.sender_jid ?? chat.jid;
        bySender.set(sender, [...(bySender.get(sender) ?? []), message.wa_id]);
      }
      void (async () => {
        const client = deps.clientFor(account);
        for (const [sender, ids] of bySender) await client.markRead({ chat: chat.jid, ids, sender });
      })().catch((error) =>
        deps.logger.warn({ err: error, chatId }, "marking messages read on WhatsApp failed"),
      );
    },
  };
}

export type ChatsService = ReturnType<typeof createChatsService>;
