import { type ExpressionBuilder, type QueryCreator, sql } from "kysely";
import type { Db } from "../../db/database.js";
import type { Database } from "../../db/schema.js";

export interface InboxEvent {
  id: number;
  accountId: number;
  type: string;
  payload: unknown;
  attempts: number;
}

export type PendingEvent = InboxEvent & { due: boolean };

const eventColumns = [
  "wa_event.id",
  "wa_event.account_id",
  "wa_event.event_type",
  "wa_event.payload",
  "wa_event.attempts",
  sql<boolean>`wa_event.next_attempt_at is null or wa_event.next_attempt_at <= now()`.as("due"),
] as const;

function toEvent(row: {
  id: number;
  account_id: number;
  event_type: string;
  payload: unknown;
  attempts: number;
  due: boolean;
}): PendingEvent {
  return {
    id: row.id,
    accountId: row.account_id,
    type: row.event_type,
    payload: row.payload,
    attempts: row.attempts,
    due: row.due,
  };
}

/** The lease is free for `owner`: nobody holds it, it ran out, or `owner` holds it already. */
const leaseFree = (owner: string) => (eb: ExpressionBuilder<Database, "wa_account">) =>
  eb.or([
    eb("wa_account.inbox_lease_until", "is", null),
    eb("wa_account.inbox_lease_until", "<", sql<Date>`now()`),
    eb("wa_account.inbox_lease_owner", "=", owner),
  ]);

/** Marks the events just handled done (none: a statement that changes nothing). */
const markDone = (processed: number[]) => (qb: QueryCreator<Database>) =>
  qb
    .updateTable("wa_event")
    .set({ processed_at: new Date(), last_error: null })
    .where("id", "in", processed.length > 0 ? processed : [0]);

/** Lets the account's lease go, if `owner` still holds it. */
const releaseLease = (qb: QueryCreator<Database>, accountId: number, owner: string) =>
  qb
    .updateTable("wa_account")
    .set({ inbox_lease_owner: null, inbox_lease_until: null })
    .where("id", "=", accountId)
    .where("inbox_lease_owner", "=", owner);

const leaseFor = (owner: string, leaseMs: number) => ({
  inbox_lease_owner: owner,
  inbox_lease_until: sql<Date>`now() + ${`${leaseMs} milliseconds`}::interval`,
});

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
     * Takes the account's lease for `owner` and reads its first unprocessed events, in one round
     * trip. Null when there is nothing to do: another process holds it, or no event waits.
     */
    async leaseAndRead(accountId: number, owner: string, leaseMs: number, limit: number) {
      const rows = await db
        .with("lease", (qb) =>
          qb
            .updateTable("wa_account")
            .set(leaseFor(owner, leaseMs))
            .where("id", "=", accountId)
            .where(leaseFree(owner))
            .where(({ exists, selectFrom }) =>
              exists(
                selectFrom("wa_event")
                  .select("wa_event.id")
                  .where("wa_event.account_id", "=", accountId)
                  .where("wa_event.processed_at", "is", null),
              ),
            )
            .returning("wa_account.id"),
        )
        .selectFrom("lease")
        .innerJoin("wa_event", "wa_event.account_id", "lease.id")
        .select(eventColumns)
        .where("wa_event.processed_at", "is", null)
        .orderBy("wa_event.id")
        .limit(limit)
        .execute();
      // The update above and this read see the same snapshot: an event stored since then waits
      // for the next read, like one stored after it.
      return rows.length > 0 ? rows.map(toEvent) : null;
    },

    /**
     * Marks `processed` (the events just handled) done and reads the next ones; when none is left,
     * lets the lease go. One round trip, one commit.
     */
    async finishAndRead(accountId: number, owner: string, processed: number[], limit: number) {
      const rows = await db
        .with("done", markDone(processed))
        .with("next", (qb) =>
          qb
            .selectFrom("wa_event")
            .select(eventColumns)
            .where("wa_event.account_id", "=", accountId)
            .where("wa_event.processed_at", "is", null)
            // The update above is not visible to a read of the same statement.
            .$if(processed.length > 0, (q) => q.where("wa_event.id", "not in", processed))
            .orderBy("wa_event.id")
            .limit(limit),
        )
        .with("released", (qb) =>
          releaseLease(qb, accountId, owner).where(sql<boolean>`not exists (select from next)`),
        )
        .selectFrom("next")
        .selectAll()
        .orderBy("next.id")
        .execute();
      return { events: rows.map(toEvent), released: rows.length === 0 };
    },

    /** Renews the lease while `owner` still holds it; false once another process took it. */
    async renewLease(accountId: number, owner: string, leaseMs: number): Promise<boolean> {
      const renewed = await db
        .updateTable("wa_account")
        .set(leaseFor(owner, leaseMs))
        .where("id", "=", accountId)
        .where(leaseFree(owner))
        .executeTakeFirst();
      return Number(renewed.numUpdatedRows) > 0;
    },

    /** Marks events done and lets the lease go (a drain that stopped early). */
    async finish(accountId: number, owner: string, processed: number[]): Promise<void> {
      await releaseLease(db.with("done", markDone(processed)), accountId, owner).execute();
    },

    /**
     * Deletes up to `limit` events processed before `before` (oldest first) and says how many.
     * Pending events are never touched, whatever their age.
     */
    async pruneProcessed(before: Date, limit: number): Promise<number> {
      const result = await db
        .deleteFrom("wa_event")
        .where("id", "in", (qb) =>
          qb
            .selectFrom("wa_event")
            .select("id")
            .where("processed_at", "<", before)
            .orderBy("id")
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
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
