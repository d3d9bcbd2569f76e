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

    /**
     * Accounts whose next event is due, the longest waiting first. One whose next event waits for a
     * retry is left out: its later events wait behind it.
     */
    async accountsWithPendingEvents(limit: number): Promise<number[]> {
      const { rows } = await sql<{ account_id: number }>`
        select account_id from (
          select distinct on (account_id) account_id, id, next_attempt_at
          from wa_event where processed_at is null
          order by account_id, id
        ) as head
        where next_attempt_at is null or next_attempt_at <= now()
        order by id
        limit ${limit}`.execute(db);
      return rows.map((row) => row.account_id);
    },

    /**
     * The account's next unprocessed events in arrival order (one not yet due for a retry says so).
     * `processed` (the events just handled) are marked done in the same round trip.
     */
    async nextEvents(
      accountId: number,
      limit: number,
      processed: number[] = [],
    ): Promise<Array<InboxEvent & { due: boolean }>> {
      const marking = processed.length > 0;
      const source = marking
        ? db.with("done", (qb) =>
            qb
              .updateTable("wa_event")
              .set({ processed_at: new Date(), last_error: null })
              .where("id", "in", processed),
          )
        : db;
      const rows = await source
        .selectFrom("wa_event")
        .select(["id", "account_id", "event_type", "payload", "attempts"])
        .select(sql<boolean>`next_attempt_at is null or next_attempt_at <= now()`.as("due"))
        .where("account_id", "=", accountId)
        .where("processed_at", "is", null)
        // The update above is not visible to this read of the same statement.
        .$if(marking, (qb) => qb.where("id", "not in", processed))
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

    async markProcessed(ids: number[]): Promise<void> {
      if (ids.length === 0) return;
      await db
        .updateTable("wa_event")
        .set({ processed_at: new Date(), last_error: null })
        .where("id", "in", ids)
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
