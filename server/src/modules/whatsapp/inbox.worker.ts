import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
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
}

const LEASE_MS = 30_000;

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
  const concurrency = deps.concurrency ?? 4;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;

  async function drainAccount(accountId: number): Promise<void> {
    if (!(await deps.accounts.takeInboxLease(accountId, owner, LEASE_MS))) return;
    try {
      for (;;) {
        const events = await deps.inbox.nextEvents(accountId, batchSize);
        if (events.length === 0) return;
        for (const event of events) {
          if (!event.due || stopped) return;
          const handler = deps.handlers[event.type];
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
            if (!giveUp) return;
          }
        }
        await deps.accounts.takeInboxLease(accountId, owner, LEASE_MS);
      }
    } finally {
      await deps.accounts.releaseInboxLease(accountId, owner);
    }
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      // Order matters within an account only: several accounts are drained side by side.
      const pending = await deps.inbox.accountsWithPendingEvents(50);
      const next = () => pending.shift();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let accountId = next(); accountId !== undefined && !stopped; accountId = next()) {
            await drainAccount(accountId);
          }
        }),
      );
    } while (again && !stopped);
  }

  /** Runs a drain now, or right after the one in progress. Errors are logged, never thrown. */
  function wake(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = drain()
      .catch((error) => deps.logger.error({ err: error }, "webhook inbox drain failed"))
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    start() {
      stopped = false;
      const tick = () => {
        void wake().finally(() => {
          if (!stopped) timer = setTimeout(tick, pollMs);
        });
      };
      tick();
    },
    wake,
    /** Resolves once everything due has been processed (tests and benchmarks). */
    async idle(): Promise<void> {
      while (running) await running;
      await wake();
      while (running) await running;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export type InboxWorker = ReturnType<typeof createInboxWorker>;
