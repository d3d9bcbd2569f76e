import { bareJid } from "../contacts/seen-contacts.js";
import type { RealtimeEvent } from "../realtime/event-bus.js";
import type { RealtimeHub } from "../realtime/hub.js";
import type { AccountOwners } from "../whatsapp/account-owners.js";
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
import type { EarlyChangesRepo } from "./early-changes.repo.js";
import type { LidChatsRepo } from "./lid-chats.repo.js";

export interface ChatIngestDeps {
  repo: ChatsRepo;
  earlyChanges: EarlyChangesRepo;
  lidChats: LidChatsRepo;
  owners: Pick<AccountOwners, "find">;
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

/** What the owner's tabs are told of a changed message: an edit or deletion also changes the chat list's preview. */
export function changeEvents(chatId: number, messageId: number, change: MessageChange): RealtimeEvent[] {
  const updated = { type: "message.updated", chatId, messageId };
  return change.kind === "reaction" ? [updated] : [updated, { type: "chat.updated", chatId }];
}

/** The summary of a message deleted for everyone, in WhatsApp's words. */
export const deletedPreview = (fromMe: boolean) =>
  fromMe ? "You deleted this message" : "This message was deleted";

/**
 * Stores what WuzAPI's chat events say (inbox handlers, run in order per account): chats,
 * messages and their changes, receipts; tells the owner's tabs with small hints.
 */
export function createChatIngest(deps: ChatIngestDeps) {
  const { repo, hub } = deps;

  /** The account and its own bare JID; null for an event of an account removed since. */
  async function ownerOf(event: InboxEvent) {
    const owner = await deps.owners.find(event.accountId);
    return owner && { ...owner, ownJid: owner.jid ? bareJid(owner.jid) : null };
  }

  /** 1:1 chats are keyed by phone JID: a chat addressed by LID alone is looked up in the contacts. */
  async function resolve(accountId: number, chat: ChatAddress): Promise<ChatAddress> {
    if (chat.isGroup || !chat.jid.endsWith("@lid")) return chat;
    return { ...chat, jid: (await repo.phoneJidOfLid(accountId, chat.jid)) ?? chat.jid };
  }

  const eventBody = (event: InboxEvent) => (event.payload as { event?: unknown }).event;

  /** A live change: applied and told to the owner's tabs. */
  async function applyChange(
    owner: { accountId: number; userId: number },
    chatJid: string,
    change: MessageChange,
  ) {
    const updated = await repo.applyChange(owner.accountId, chatJid, change);
    if (!updated) {
      // Its message is not here yet: the change waits and is applied when the message is stored.
      await deps.earlyChanges.keep(owner.accountId, chatJid, [change]);
      return;
    }
    await hub.publish(owner.userId, ...changeEvents(updated.chat_id, updated.id, change));
  }

  /** Changes applied in bulk and untold (history, early ones): ones whose message is missing wait. */
  async function applyQuietly(accountId: number, chatJid: string, changes: MessageChange[]) {
    if (changes.length === 0) return;
    const found = await repo.applyChanges(accountId, chatJid, changes);
    await deps.earlyChanges.keep(
      accountId,
      chatJid,
      changes.filter((change) => !found.has(change.targetWaId)),
    );
  }

  /** Applies the changes that arrived before these just-stored messages. */
  async function applyEarlyChanges(owner: { accountId: number }, chatJid: string, waIds: string[]) {
    await applyQuietly(
      owner.accountId,
      chatJid,
      await deps.earlyChanges.take(owner.accountId, chatJid, waIds),
    );
  }

  return {
    /** Returns the message it stored; null for a change, a message already stored, or nothing. */
    async message(event: InboxEvent): Promise<IncomingMessage | null> {
      const owner = await ownerOf(event);
      const parsed = owner && fromMessageEvent(eventBody(event), owner.ownJid);
      if (!owner || !parsed) return null;
      const address = await resolve(owner.accountId, parsed.chat);
      const chat = await repo.upsertChat(owner.accountId, address);
      if (parsed.entry.kind === "change") {
        await applyChange(owner, address.jid, parsed.entry.change);
        return null;
      }
      const { message } = parsed.entry;
      const inserted = await repo.insertLiveMessage(
        owner.accountId,
        { id: chat.id, jid: address.jid },
        message,
        previewOf(message),
      );
      // Already stored (a re-delivery, or history got there first): nothing new to tell.
      if (!inserted) return null;
      await applyQuietly(owner.accountId, address.jid, inserted.earlyChanges);
      await hub.publish(
        owner.userId,
        { type: "message.created", chatId: chat.id, messageId: inserted.id },
        { type: "chat.updated", chatId: chat.id },
      );
      return message;
    },

    /**
     * Old chats: batched and idempotent, no unread storm (a new chat starts at the phone's own
     * count, an existing one keeps its count) and no per-message events. Returns how many
     * messages were new.
     */
    async historySync(event: InboxEvent): Promise<number> {
      const owner = await ownerOf(event);
      if (!owner) return 0;
      let stored = 0;
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
        const inserted = await repo.insertMessages(
          owner.accountId,
          { id: chat.id, jid: address.jid },
          messages,
        );
        stored += inserted.length;
        await applyQuietly(
          owner.accountId,
          address.jid,
          conversation.entries.flatMap((entry) => (entry.kind === "change" ? [entry.change] : [])),
        );
        const newest = messages.at(-1);
        if (newest) await repo.touchLastMessage(chat.id, { at: newest.sentAt, preview: previewOf(newest) });
        await applyEarlyChanges(
          owner,
          address.jid,
          inserted.map((row) => row.waId),
        );
        await hub.publish(owner.userId, { type: "chat.updated", chatId: chat.id });
      }
      return stored;
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
      await hub.publish(owner.userId, ...[...chatIds].map((chatId) => ({ type: "chat.updated", chatId })));
    },

    /** LID chats whose phone JID is now known move under it (after the contacts learnt a LID). */
    async mergeLidChats(accountId: number): Promise<void> {
      const merges = await deps.lidChats.mergeResolved(accountId);
      const owner = merges.length > 0 ? await deps.owners.find(accountId) : null;
      if (!owner) return;
      for (const { from, into } of merges) {
        await hub.publish(
          owner.userId,
          ...(from !== into ? [{ type: "chat.merged", chatId: from, intoChatId: into }] : []),
          { type: "chat.updated", chatId: into },
        );
      }
      await deps.earlyChanges.prune(accountId);
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
