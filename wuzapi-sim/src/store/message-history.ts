import { goTime } from "../util/go-time.js";

/** A row of WuzAPI's message_history table, in the JSON form `/chat/history` returns. */
export type HistoryRow = {
  id: number;
  user_id: string;
  chat_jid: string;
  sender_jid: string;
  message_id: string;
  timestamp: string;
  message_type: string;
  text_content: string;
  media_link: string;
  quoted_message_id: string;
  data_json: string;
};

export type HistoryInsert = Omit<HistoryRow, "id" | "user_id" | "timestamp">;

/**
 * message_history: unique per (user, message id). Live messages and API sends are trimmed to the user's
 * limit per chat; HistorySync messages are kept whatever the limit (that is what WuzAPI does).
 */
export class MessageHistory {
  private nextId = 1;
  private readonly rows = new Map<string, Map<string, HistoryRow[]>>();
  private readonly messageIds = new Map<string, Set<string>>();

  insert(userId: string, row: HistoryInsert, keepPerChat?: number): void {
    const seen = this.messageIds.get(userId) ?? new Set<string>();
    this.messageIds.set(userId, seen);
    // The UNIQUE constraint rejects duplicates; WuzAPI only logs the error.
    if (seen.has(row.message_id)) return;
    seen.add(row.message_id);
    const chats = this.rows.get(userId) ?? new Map<string, HistoryRow[]>();
    this.rows.set(userId, chats);
    const chat = chats.get(row.chat_jid) ?? [];
    chats.set(row.chat_jid, chat);
    // The timestamp column is the insert time, not the WhatsApp time.
    chat.push({ ...row, id: this.nextId++, user_id: userId, timestamp: goTime(new Date()) });
    if (keepPerChat !== undefined && chat.length > keepPerChat) {
      for (const removed of chat.splice(0, chat.length - keepPerChat)) seen.delete(removed.message_id);
    }
  }

  /** Newest first, at most `limit` rows. */
  chat(userId: string, chatJid: string, limit: number): HistoryRow[] {
    const chat = this.rows.get(userId)?.get(chatJid) ?? [];
    return chat.slice(-limit).reverse();
  }

  /** The `chat_jid=index` answer: every user's chats with their last update. */
  index(): Record<string, { chat_jid: string; last_updated: string }[]> {
    const index: Record<string, { chat_jid: string; last_updated: string }[]> = {};
    for (const [userId, chats] of this.rows) {
      index[userId] = [...chats].map(([chatJid, rows]) => ({
        chat_jid: chatJid,
        last_updated: rows.at(-1)?.timestamp ?? "",
      }));
    }
    return index;
  }

  forget(userId: string): void {
    this.rows.delete(userId);
    this.messageIds.delete(userId);
  }
}
