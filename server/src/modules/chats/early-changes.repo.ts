import type { Db } from "../../db/database.js";
import type { MessageChange } from "./chat-events.js";

/** How long a change waits for its message; past this the target is not coming. */
const KEEP_DAYS = 30;

type StoredChange = Omit<MessageChange, "at"> & { at?: string };

/** Stored changes as they arrived (ids ascend with arrival). */
export function changesInOrder(rows: Array<{ id: number; change: unknown }>): MessageChange[] {
  return [...rows]
    .sort((a, b) => a.id - b.id)
    .map(({ change }) => {
      const stored = change as StoredChange;
      return (stored.at ? { ...stored, at: new Date(stored.at) } : stored) as MessageChange;
    });
}

/** Reactions, edits and revokes that arrived before the message they change. */
export function createEarlyChangesRepo(db: Db) {
  return {
    /** Keeps changes in their order (ids ascend with the rows of one insert). */
    async keep(accountId: number, chatJid: string, changes: MessageChange[]): Promise<void> {
      if (changes.length === 0) return;
      await db
        .insertInto("message_change_early")
        .values(
          changes.map((change) => ({
            account_id: accountId,
            chat_jid: chatJid,
            target_wa_id: change.targetWaId,
            change: JSON.stringify(change),
          })),
        )
        .execute();
    },

    /** Takes (reads and deletes) the changes waiting for these messages, oldest first. */
    async take(accountId: number, chatJid: string, waIds: string[]): Promise<MessageChange[]> {
      if (waIds.length === 0) return [];
      const rows = await db
        .deleteFrom("message_change_early")
        .where("account_id", "=", accountId)
        .where("chat_jid", "=", chatJid)
        .where("target_wa_id", "in", waIds)
        .returning(["id", "change"])
        .execute();
      return changesInOrder(rows);
    },

    /** Drops changes whose message never came. */
    prune: (accountId: number) =>
      db
        .deleteFrom("message_change_early")
        .where("account_id", "=", accountId)
        .where("created_at", "<", new Date(Date.now() - KEEP_DAYS * 86_400_000))
        .execute(),
  };
}

export type EarlyChangesRepo = ReturnType<typeof createEarlyChangesRepo>;
