import { sql } from "kysely";
import type { Db } from "../../db/database.js";

export interface InboxEvent {
  id: number;
  accountId: number;
  type: string;
  payload: unknown;
  attempts: number;
}

export function createInboxRepo(db: Db) {
  return {
    async append(event: {
      accountId: number;
      type: string;
      payload: unknown;
      signed: boolean;
    }): Promise<number> {
      const row = await db
        .insertInto("wa_event")
        .values({
          account_id: event.accountId,
          event_type: event.type,
          payload: JSON.stringify(event.payload),
          signed: event.signed,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Accounts with events waiting (and due), oldest waiting first. */
    async accountsWithPendingEvents(limit: number): Promise<number[]> {
      const rows = await db
        .selectFrom("wa_event")
        .select("account_id")
        .where("processed_at", "is", null)
        .where((eb) =>
          eb.or([eb("next_attempt_at", "is", null), eb("next_attempt_at", "<=", sql<Date>`now()`)]),
        )
        .groupBy("account_id")
        .orderBy(sql`min(id)`)
        .limit(limit)
        .execute();
      return rows.map((row) => row.account_id);
    },

    /** The account's next unprocessed events in arrival order; stops at one not yet due for retry. */
    async nextEvents(accountId: number, limit: number): Promise<Array<InboxEvent & { due: boolean }>> {
      const rows = await db
        .selectFrom("wa_event")
        .select(["id", "account_id", "event_type", "payload", "attempts"])
        .select(sql<boolean>`next_attempt_at is null or next_attempt_at <= now()`.as("due"))
        .where("account_id", "=", accountId)
        .where("processed_at", "is", null)
        .orderBy("id")
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        id: row.id,
        accountId: row.account_id,
        type: row.event_type,
        payload: row.payload,
        attempts: row.attempts,
        due: row.due,
      }));
    },

    async markProcessed(id: number): Promise<void> {
      await db
        .updateTable("wa_event")
        .set({ processed_at: new Date(), last_error: null })
        .where("id", "=", id)
        .execute();
    },

    /** Records a failure; `retryAt` null means "give up": processed, with the error kept. */
    async markFailed(id: number, error: string, retryAt: Date | null): Promise<void> {
      await db
        .updateTable("wa_event")
        .set((eb) => ({
          attempts: eb("attempts", "+", 1),
          last_error: error.slice(0, 2000),
          next_attempt_at: retryAt,
          processed_at: retryAt ? null : new Date(),
        }))
        .where("id", "=", id)
        .execute();
    },

    async pendingStats(): Promise<{ pending: number; oldestReceivedAt: Date | null }> {
      const row = await db
        .selectFrom("wa_event")
        .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("received_at").as("oldest")])
        .where("processed_at", "is", null)
        .executeTakeFirstOrThrow();
      return { pending: Number(row.n), oldestReceivedAt: row.oldest ? new Date(row.oldest as Date) : null };
    },
  };
}

export type InboxRepo = ReturnType<typeof createInboxRepo>;
