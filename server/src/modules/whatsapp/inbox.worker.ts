import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { isTransientDatabaseError } from "../../db/database.js";
import { createDrainLoop } from "../../lib/drain-loop.js";
import type { InboxEvent, InboxRepo } from "./inbox.repo.js";

export type InboxHandler = (event: InboxEvent) => Promise<void>;

export interface InboxWorkerDeps {
  inbox: Pick<
    InboxRepo,
    "accountsWithPendingEvents" | "leaseAndRead" | "finishAndRead" | "renewLease" | "finish" | "markFailed"
  >;
  /** Handlers by event type; an event with no handler is stored and marked processed. */
  handlers: Record<string, InboxHandler>;
  logger: Logger;
  pollMs?: number;
  batchSize?: number;
  maxAttempts?: number;
  /** Accounts drained at the same time (each still strictly in order). */
  concurrency?: number;
  /** How long an account's lease lasts unless renewed (a dead process's runs out after this). */
  leaseMs?: number;
}

const LEASE_MS = 30_000;
/** Accounts drained side by side: a team's every number (3 to 10) at once. */
const DEFAULT_LANES = 10;
/** Accounts with due events read per lookup (the oldest events first). */
const ACCOUNTS_PER_LOOKUP = 50;

/** A deadlock or serialization failure lost a race: tried again almost at once. */
const TRANSIENT_RETRY_MS = 100;

/** Retry after 2, 4, 8 … seconds, at most 5 minutes apart. */
export const retryDelayMs = (attempts: number) => Math.min(1000 * 2 ** attempts, 300_000);

/**
 * Processes the webhook inbox: per account, strictly in arrival order, by one process at a time
 * (an account lease in the database). A failing event is retried with backoff and holds back the
 * account's later events, so order is kept; after `maxAttempts` it is set aside with its error.
 */
export function createInboxWorker(deps: InboxWorkerDeps) {
  const owner = randomUUID();
  const pollMs = deps.pollMs ?? 1_000;
  const batchSize = deps.batchSize ?? 200;
  const maxAttempts = deps.maxAttempts ?? 8;
  const concurrency = deps.concurrency ?? DEFAULT_LANES;
  const leaseMs = deps.leaseMs ?? LEASE_MS;

  /** Events handed to a handler since start (idle() looks until no more are). */
  let handled = 0;

  /** Processes the account's due events in order. */
  async function drainAccount(accountId: number): Promise<void> {
    let events = await deps.inbox.leaseAndRead(accountId, owner, leaseMs, batchSize);
    if (!events) return;
    let leaseRenewedAt = Date.now();
    // Renewed before an event once half of it has passed: a batch of big history syncs can take
    // longer than the lease, and another process must not start on the same events meanwhile.
    const keepLease = async () => {
      if (Date.now() - leaseRenewedAt < leaseMs / 2) return true;
      if (!(await deps.inbox.renewLease(accountId, owner, leaseMs))) return false;
      leaseRenewedAt = Date.now();
      return true;
    };
    // Handled events are marked done with the next read (one round trip less per event), and at
    // the latest when the lease goes. A crash in between runs them again: handlers are idempotent.
    let done: number[] = [];
    let released = false;
    try {
      while (events.length > 0) {
        for (const event of events) {
          if (!event.due || loop.stopped()) return;
          // Lost (this process stalled past the lease): the process that took it carries on.
          if (!(await keepLease())) return;
          handled++;
          // Own keys only: an event typed "constructor" or "__proto__" has no handler either.
          const handler = Object.hasOwn(deps.handlers, event.type) ? deps.handlers[event.type] : undefined;
          try {
            if (handler) await handler(event);
            done.push(event.id);
          } catch (error) {
            const attempts = event.attempts + 1;
            const giveUp = attempts >= maxAttempts;
            const message = error instanceof Error ? error.message : String(error);
            deps.logger.warn(
              { err: error, eventId: event.id, type: event.type, attempts, giveUp },
              "webhook event failed",
            );
            const delay = isTransientDatabaseError(error) ? TRANSIENT_RETRY_MS : retryDelayMs(attempts);
            await deps.inbox.markFailed(event.id, message, giveUp ? null : new Date(Date.now() + delay));
            if (!giveUp) {
              // Looked at again when due, not at the next poll.
              setTimeout(() => void loop.wake(), delay).unref();
              return;
            }
          }
        }
        ({ events, released } = await deps.inbox.finishAndRead(accountId, owner, done, batchSize));
        done = [];
      }
    } finally {
      if (!released) await deps.inbox.finish(accountId, owner, done);
    }
  }

  /** Accounts being drained now, each by its own lane. */
  const draining = new Map<number, Promise<void>>();
  /** Accounts woken while their lane ran: it may have read the inbox before their new events. */
  const wokenWhileDraining = new Set<number>();
  /** A lookup found more accounts than free lanes: the next lane to free up looks again. */
  let waitingForLane = false;

  /**
   * Order matters within an account only, so accounts are drained side by side, one lane each. A
   * lookup starts a lane for every account whose next event is due and has none yet; it does not
   * wait for them, so an account's fresh events never queue behind another account's busy lane.
   */
  async function lookForWork(): Promise<void> {
    waitingForLane = false;
    const pending = await deps.inbox.accountsWithPendingEvents(ACCOUNTS_PER_LOOKUP);
    for (const accountId of pending) {
      if (loop.stopped() || draining.has(accountId)) continue;
      if (!startLane(accountId)) return;
    }
  }

  /** Starts the account's lane; false when every lane is busy (the next to free up looks again). */
  function startLane(accountId: number): boolean {
    if (draining.size >= concurrency) {
      waitingForLane = true;
      return false;
    }
    const lane = drainAccount(accountId)
      .catch((error) => deps.logger.error({ err: error, accountId }, "webhook inbox drain failed"))
      .then(() => {
        draining.delete(accountId);
        if (loop.stopped()) return;
        // An account whose lane did nothing (its next event waits for a retry, or another process
        // holds it) is left to the next wake or poll.
        if (wokenWhileDraining.delete(accountId)) startLane(accountId);
        else if (waitingForLane) void loop.wake();
      });
    draining.set(accountId, lane);
    return true;
  }

  const loop = createDrainLoop({
    pass: lookForWork,
    pollMs,
    logger: deps.logger,
    failure: "webhook inbox lookup failed",
  });

  return {
    start: loop.start,
    /**
     * New events are stored. For a known account its lane starts at once, without a lookup; the
     * lookup runs when lanes are full or the account is not named.
     */
    wake(accountId?: number): Promise<void> {
      if (accountId === undefined || loop.stopped()) return loop.wake();
      if (draining.has(accountId)) wokenWhileDraining.add(accountId);
      else startLane(accountId);
      return Promise.resolve();
    },
    /**
     * Resolves once everything due has been processed (tests and benchmarks): looks again until a
     * look finds nothing this process can handle.
     */
    async idle(): Promise<void> {
      const lanesDone = async () => {
        while (draining.size > 0) await Promise.all(draining.values());
      };
      let before: number;
      do {
        before = handled;
        await loop.settled();
        await lanesDone();
        await loop.wake();
        await loop.settled();
        await lanesDone();
      } while (handled !== before);
    },
    async stop(): Promise<void> {
      await loop.stop();
      await Promise.all(draining.values());
    },
  };
}

export type InboxWorker = ReturnType<typeof createInboxWorker>;
