import { bareJid } from "../contacts/seen-contacts.js";
import type { RealtimeHub } from "../realtime/hub.js";
import type { AccountRepo } from "../whatsapp/account.repo.js";
import type { InboxEvent } from "../whatsapp/inbox.repo.js";
import {
  type ChatAddress,
  fromChatPresence,
  fromHistorySync,
  fromMessageEvent,
  fromReadReceipt,
  type IncomingMessage,
  type MessageChange,
} from "./chat-events.js";
import type { ChatsRepo } from "./chats.repo.js";

export interface ChatIngestDeps {
  repo: ChatsRepo;
  accounts: Pick<AccountRepo, "findById">;
  hub: Pick<RealtimeHub, "publish">;
}

const PREVIEW_LABELS: Record<string, string> = {
  image: "Photo",
  video: "Video",
  audio: "Audio",
  document: "Document",
  sticker: "Sticker",
  location: "Location",
  contact: "Contact",
  unsupported: "Message",
};

/** The chat list's one-line summary of a message. */
export function previewOf(message: Pick<IncomingMessage, "type" | "text">): string {
  return message.text ?? PREVIEW_LABELS[message.type] ?? "Message";
}

/**
 * Stores what WuzAPI's chat events say (inbox handlers, run in order per account): chats,
 * messages and their changes, receipts; tells the owner's tabs with small hints.
 */
export function createChatIngest(deps: ChatIngestDeps) {
  const { repo, hub } = deps;

  /** The account and its own bare JID; null for an event of an account removed since. */
  async function ownerOf(event: InboxEvent) {
    const account = await deps.accounts.findById(event.accountId);
    return account
      ? { accountId: account.id, userId: account.user_id, ownJid: account.jid ? bareJid(account.jid) : null }
      : null;
  }

  /** 1:1 chats are keyed by phone JID: a chat addressed by LID alone is looked up in the contacts. */
  async function resolve(accountId: number, chat: ChatAddress): Promise<ChatAddress> {
    if (chat.isGroup || !chat.jid.endsWith("@lid")) return chat;
    return { ...chat, jid: (await repo.phoneJidOfLid(accountId, chat.jid)) ?? chat.jid };
  }

  const eventBody = (event: InboxEvent) => (event.payload as { event?: unknown }).event;

  async function applyChange(
    owner: { accountId: number; userId: number },
    chatJid: string,
    change: MessageChange,
    notify: boolean,
  ) {
    const updated = await repo.applyChange(owner.accountId, chatJid, change);
    if (!updated || !notify) return;
    await hub.publish(owner.userId, {
      type: "message.updated",
      chatId: updated.chat_id,
      messageId: updated.id,
    });
    if (change.kind !== "reaction")
      await hub.publish(owner.userId, { type: "chat.updated", chatId: updated.chat_id });
  }

  return {
    async message(event: InboxEvent): Promise<void> {
      const owner = await ownerOf(event);
      const parsed = owner && fromMessageEvent(eventBody(event), owner.ownJid);
      if (!owner || !parsed) return;
      const address = await resolve(owner.accountId, parsed.chat);
      const chat = await repo.upsertChat(owner.accountId, address);
      if (parsed.entry.kind === "change") {
        await applyChange(owner, address.jid, parsed.entry.change, true);
        return;
      }
      const { message } = parsed.entry;
      const [inserted] = await repo.insertMessages(owner.accountId, { id: chat.id, jid: address.jid }, [
        message,
      ]);
      // Already stored (a re-delivery, or history got there first): nothing new to tell.
      if (!inserted) return;
      await repo.touchLastMessage(chat.id, { at: message.sentAt, preview: previewOf(message) });
      if (!message.fromMe) await repo.addUnread(chat.id, 1);
      await hub.publish(owner.userId, { type: "message.created", chatId: chat.id, messageId: inserted.id });
      await hub.publish(owner.userId, { type: "chat.updated", chatId: chat.id });
    },

    /**
     * Old chats: batched and idempotent, no unread storm (a new chat starts at the phone's own
     * count, an existing one keeps its count) and no per-message events.
     */
    async historySync(event: InboxEvent): Promise<void> {
      const owner = await ownerOf(event);
      if (!owner) return;
      for (const conversation of fromHistorySync(eventBody(event), owner.ownJid)) {
        const address = await resolve(owner.accountId, conversation.chat);
        const chat = await repo.upsertChat(owner.accountId, {
          ...address,
          title: conversation.title,
          unreadCount: conversation.unreadCount,
        });
        const messages = conversation.entries.flatMap((entry) =>
          entry.kind === "message" ? [entry.message] : [],
        );
        await repo.insertMessages(owner.accountId, { id: chat.id, jid: address.jid }, messages);
        for (const entry of conversation.entries)
          if (entry.kind === "change") await applyChange(owner, address.jid, entry.change, false);
        const newest = messages.at(-1);
        if (newest) await repo.touchLastMessage(chat.id, { at: newest.sentAt, preview: previewOf(newest) });
        await hub.publish(owner.userId, { type: "chat.updated", chatId: chat.id });
      }
    },

    async readReceipt(event: InboxEvent): Promise<void> {
      const owner = await ownerOf(event);
      const receipt = owner && fromReadReceipt(event.payload);
      if (!owner || !receipt) return;
      const moved = await repo.advanceStatus(owner.accountId, receipt.waIds, receipt.status);
      for (const row of moved)
        await hub.publish(owner.userId, { type: "message.updated", chatId: row.chat_id, messageId: row.id });
      const chatIds = new Set(moved.map((row) => row.chat_id));
      if (receipt.readBySelf) {
        // Read on the phone: the chat is read here too.
        const chatId = await repo.findChatByJid(
          owner.accountId,
          (await resolve(owner.accountId, receipt.chat)).jid,
        );
        if (chatId !== null) {
          await repo.clearUnread(chatId);
          chatIds.add(chatId);
        }
      }
      for (const chatId of chatIds) await hub.publish(owner.userId, { type: "chat.updated", chatId });
    },

    /** Typing is shown, not stored. */
    async chatPresence(event: InboxEvent): Promise<void> {
      const owner = await ownerOf(event);
      const typing = owner && fromChatPresence(eventBody(event));
      if (!owner || !typing) return;
      const chatId = await repo.findChatByJid(
        owner.accountId,
        (await resolve(owner.accountId, typing.chat)).jid,
      );
      if (chatId === null) return;
      await hub.publish(owner.userId, {
        type: "chat.typing",
        chatId,
        state: typing.state,
        media: typing.media,
      });
    },
  };
}

export type ChatIngest = ReturnType<typeof createChatIngest>;
