import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { createDrainLoop } from "../../lib/drain-loop.js";
import type { AccountRepo } from "./account.repo.js";
import type { InboxEvent, InboxRepo } from "./inbox.repo.js";

export type InboxHandler = (event: InboxEvent) => Promise<void>;

export interface InboxWorkerDeps {
  inbox: InboxRepo;
  accounts: Pick<AccountRepo, "takeInboxLease" | "releaseInboxLease">;
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

/** Retry after 1, 2, 4 … seconds, at most 5 minutes apart. */
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

  /** Processes the account's due events in order; returns how many were handled. */
  async function drainAccount(accountId: number): Promise<number> {
    if (!(await deps.accounts.takeInboxLease(accountId, owner, leaseMs))) return 0;
    let handled = 0;
    let leaseRenewedAt = Date.now();
    // Renewed before an event once half of it has passed: a batch of big history syncs can take
    // longer than the lease, and another process must not start on the same events meanwhile.
    const keepLease = async () => {
      if (Date.now() - leaseRenewedAt < leaseMs / 2) return true;
      if (!(await deps.accounts.takeInboxLease(accountId, owner, leaseMs))) return false;
      leaseRenewedAt = Date.now();
      return true;
    };
    try {
      for (;;) {
        const events = await deps.inbox.nextEvents(accountId, batchSize);
        if (events.length === 0) return handled;
        for (const event of events) {
          if (!event.due || loop.stopped()) return handled;
          // Lost (this process stalled past the lease): the process that took it carries on.
          if (!(await keepLease())) return handled;
          handled++;
          // Own keys only: an event typed "constructor" or "__proto__" has no handler either.
          const handler = Object.hasOwn(deps.handlers, event.type) ? deps.handlers[event.type] : undefined;
          try {
            if (handler) await handler(event);
            await deps.inbox.markProcessed(event.id);
          } catch (error) {
            const attempts = event.attempts + 1;
            const giveUp = attempts >= maxAttempts;
            const message = error instanceof Error ? error.message : String(error);
            deps.logger.warn(
              { err: error, eventId: event.id, type: event.type, attempts, giveUp },
              "webhook event failed",
            );
            await deps.inbox.markFailed(
              event.id,
              message,
              giveUp ? null : new Date(Date.now() + retryDelayMs(attempts)),
            );
            if (!giveUp) return handled;
          }
        }
      }
    } finally {
      await deps.accounts.releaseInboxLease(accountId, owner);
    }
  }

  /**
   * Order matters within an account only: several accounts are drained side by side. A lane that
   * finishes an account looks for the next one at once, rather than waiting for the other lanes,
   * so a busy account never holds back another's fresh events. An account that gave nothing this
   * drain (its lease is held elsewhere, or its next event waits for a retry) is left to the next.
   */
  async function drain(): Promise<void> {
    const draining = new Set<number>();
    const idle = new Set<number>();
    const lane = async () => {
      while (!loop.stopped()) {
        const pending = await deps.inbox.accountsWithPendingEvents(ACCOUNTS_PER_LOOKUP);
        const accountId = pending.find((id) => !draining.has(id) && !idle.has(id));
        if (accountId === undefined) return;
        draining.add(accountId);
        try {
          if ((await drainAccount(accountId)) === 0) idle.add(accountId);
        } finally {
          draining.delete(accountId);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  }

  const loop = createDrainLoop({
    pass: drain,
    pollMs,
    logger: deps.logger,
    failure: "webhook inbox drain failed",
  });

  return {
    start: loop.start,
    wake: loop.wake,
    /** Resolves once everything due has been processed (tests and benchmarks). */
    async idle(): Promise<void> {
      await loop.settled();
      await loop.wake();
      await loop.settled();
    },
    stop: loop.stop,
  };
}

export type InboxWorker = ReturnType<typeof createInboxWorker>;
