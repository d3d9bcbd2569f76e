import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { SimulatorContext } from "../context.js";
import type { UserRecord } from "../store/user-record.js";
import type { GeneratedConversation } from "./history-generator.js";
import { HistoryGenerator } from "./history-generator.js";
import type { Phone } from "./phone.js";

/** waHistorySync.HistorySync.HistorySyncType values (enums travel as numbers). */
export const SyncType = { INITIAL_BOOTSTRAP: 0, FULL: 2, RECENT: 3, PUSH_NAME: 4, ON_DEMAND: 6 } as const;

const CONVERSATIONS_PER_INITIAL_EVENT = 8;
/** Large syncs are cut into events of at most this many messages, as WhatsApp chunks its blobs. */
const MESSAGES_PER_EVENT = 2000;
export const MAX_SYNC_MESSAGES = 100_000;

export type SyncSummary = { events: number; conversations: number; messages: number };

/**
 * Delivers past chats as `HistorySync` events (`{"Data":{syncType, conversations, …}}`) and stores every
 * message in message_history, whatever the history setting, as WuzAPI does.
 */
export class HistorySync {
  private batches = 0;

  constructor(private readonly context: SimulatorContext) {}

  /** What WhatsApp pushes right after pairing: recent chats, then the push names. */
  initial(user: UserRecord, phone: Phone): SyncSummary {
    const conversations = this.generator(phone).initial();
    const chunks: GeneratedConversation[][] = [];
    for (let start = 0; start < conversations.length; start += CONVERSATIONS_PER_INITIAL_EVENT) {
      chunks.push(conversations.slice(start, start + CONVERSATIONS_PER_INITIAL_EVENT));
    }
    chunks.forEach((chunk, index) => {
      const syncType = index === 0 ? SyncType.INITIAL_BOOTSTRAP : SyncType.RECENT;
      this.emit(user, chunk, syncType, index + 1, Math.round(((index + 1) / chunks.length) * 100));
    });
    const pushnames = phone.contacts
      .filter((contact) => contact.pushName !== "")
      .map((contact) => ({ ID: phone.chatJidOf(contact), pushname: contact.pushName }));
    this.context.sink.emit(user, {
      type: "HistorySync",
      event: { Data: { syncType: SyncType.PUSH_NAME, pushnames } },
    });
    return summarise(chunks.length + 1, conversations);
  }

  /** An extra, possibly very large sync (control API), cut into events of bounded size. */
  async bulk(
    user: UserRecord,
    phone: Phone,
    conversations: number,
    perConversation: number,
  ): Promise<SyncSummary> {
    const generated = this.generator(phone).bulk(conversations, perConversation, ++this.batches);
    let pending: GeneratedConversation[] = [];
    let pendingMessages = 0;
    let events = 0;
    let messages = 0;
    const flush = () => {
      if (pending.length === 0) return;
      events++;
      this.emit(
        user,
        pending,
        SyncType.FULL,
        events,
        Math.round((messages / (conversations * perConversation)) * 100),
      );
      pending = [];
      pendingMessages = 0;
    };
    for (const conversation of generated) {
      // A conversation larger than the room left is split: the same chat ID appears in several events.
      for (let start = 0; start < conversation.messages.length; ) {
        const room = MESSAGES_PER_EVENT - pendingMessages;
        const part = conversation.messages.slice(start, start + room);
        pending.push({ fields: conversation.fields, messages: part });
        pendingMessages += part.length;
        messages += part.length;
        start += part.length;
        if (pendingMessages >= MESSAGES_PER_EVENT) {
          flush();
          await yieldToEventLoop();
        }
      }
    }
    flush();
    return { events, conversations, messages };
  }

  /** The answer to GET /session/history: older messages of one chat, later, as an ON_DEMAND sync. */
  onDemand(user: UserRecord, phone: Phone, chatJid: string, count: number, beforeMs: number): void {
    const conversation = this.generator(phone).onDemand(chatJid, count, beforeMs);
    this.emit(user, [conversation], SyncType.ON_DEMAND, 1, 100);
  }

  private generator(phone: Phone): HistoryGenerator {
    return new HistoryGenerator(phone, this.context.media, this.context.options.seed);
  }

  private emit(
    user: UserRecord,
    chunk: GeneratedConversation[],
    syncType: number,
    chunkOrder: number,
    progress: number,
  ) {
    for (const conversation of chunk) {
      for (const message of conversation.messages) this.context.history.insert(user.id, message.row);
    }
    const conversations = chunk.map(({ fields, messages }) => ({
      ...fields,
      // WhatsApp lists a conversation's messages newest first.
      messages: messages.map((message, index) => ({ message: message.web, msgOrderID: index + 1 })).reverse(),
    }));
    this.context.sink.emit(user, {
      type: "HistorySync",
      event: { Data: { syncType, conversations, chunkOrder, progress } },
    });
  }
}

function summarise(events: number, conversations: GeneratedConversation[]): SyncSummary {
  return {
    events,
    conversations: conversations.length,
    messages: conversations.reduce((total, conversation) => total + conversation.messages.length, 0),
  };
}
