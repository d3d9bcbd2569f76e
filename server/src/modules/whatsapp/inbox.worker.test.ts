import pino from "pino";
import { describe, expect, it } from "vitest";
import type { InboxEvent } from "./inbox.repo.js";
import { createInboxWorker, retryDelayMs } from "./inbox.worker.js";

type MemoryEvent = InboxEvent & { processed?: boolean; retryAt?: number; error?: string };

/**
 * An in-memory inbox with the repo's semantics, to drive the worker's ordering and retry rules.
 * `heldElsewhere` says when another process has taken the account's lease.
 */
function memoryInbox(events: MemoryEvent[], heldElsewhere: () => boolean = () => false) {
  const unprocessed = (accountId: number) =>
    events
      .filter((e) => e.accountId === accountId && !e.processed)
      .map((e) => ({ ...e, due: (e.retryAt ?? 0) <= Date.now() }));
  const markDone = (ids: number[]) => {
    for (const event of events.filter((e) => ids.includes(e.id)))
      Object.assign(event, { processed: true, error: undefined });
  };
  return {
    events,
    inbox: {
      /** Accounts whose next event is due. */
      async accountsWithPendingEvents() {
        const heads = new Map<number, MemoryEvent>();
        for (const e of events) if (!e.processed && !heads.has(e.accountId)) heads.set(e.accountId, e);
        return [...heads.values()].filter((e) => (e.retryAt ?? 0) <= Date.now()).map((e) => e.accountId);
      },
      async leaseAndRead(accountId: number) {
        if (heldElsewhere()) return null;
        const next = unprocessed(accountId);
        return next.length > 0 ? next : null;
      },
      async finishAndRead(accountId: number, _owner: string, processed: number[]) {
        markDone(processed);
        const next = unprocessed(accountId);
        return { events: next, released: next.length === 0 };
      },
      renewLease: async () => !heldElsewhere(),
      async finish(_accountId: number, _owner: string, processed: number[]) {
        markDone(processed);
      },
      async markFailed(id: number, error: string, retryAt: Date | null) {
        const event = events.find((e) => e.id === id);
        if (event)
          Object.assign(event, {
            attempts: event.attempts + 1,
            error,
            retryAt: retryAt?.getTime() ?? 0,
            processed: retryAt === null,
          });
      },
    },
  };
}

const event = (id: number, accountId: number, type: string): InboxEvent => ({
  id,
  accountId,
  type,
  payload: {},
  attempts: 0,
});

describe("inbox worker", () => {
  it("processes each account's events in arrival order", async () => {
    const { inbox } = memoryInbox([event(1, 1, "A"), event(2, 2, "A"), event(3, 1, "B"), event(4, 1, "C")]);
    const seen: number[] = [];
    const handler = async (e: InboxEvent) => void seen.push(e.id);
    const worker = createInboxWorker({
      inbox,
      logger: pino({ level: "silent" }),
      handlers: { A: handler, B: handler, C: handler },
    });
    worker.start();
    await worker.idle();
    await worker.stop();
    expect(seen.filter((id) => id !== 2)).toEqual([1, 3, 4]);
    expect(seen).toContain(2);
  });

  it("holds back an account's later events while an earlier one waits for its retry", async () => {
    const memory = memoryInbox([event(1, 1, "Bad"), event(2, 1, "Good")]);
    const seen: number[] = [];
    const worker = createInboxWorker({
      inbox: memory.inbox,
      logger: pino({ level: "silent" }),
      handlers: {
        Bad: async () => Promise.reject(new Error("boom")),
        Good: async (e) => void seen.push(e.id),
      },
    });
    worker.start();
    await worker.idle();
    await worker.stop();
    expect(seen).toEqual([]);
    expect(memory.events[0]).toMatchObject({ attempts: 1, error: "boom", processed: false });
  });

  it("sets an event aside after the last attempt, keeping its error, and moves on", async () => {
    const memory = memoryInbox([{ ...event(1, 1, "Bad"), attempts: 7 }, event(2, 1, "Good")]);
    const seen: number[] = [];
    const worker = createInboxWorker({
      inbox: memory.inbox,
      logger: pino({ level: "silent" }),
      maxAttempts: 8,
      handlers: {
        Bad: async () => Promise.reject(new Error("poison")),
        Good: async (e) => void seen.push(e.id),
      },
    });
    worker.start();
    await worker.idle();
    await worker.stop();
    expect(memory.events[0]).toMatchObject({ processed: true, error: "poison", attempts: 8 });
    expect(seen).toEqual([2]);
  });

  it("skips an event whose type names an Object property (constructor, __proto__) like any unknown type", async () => {
    const memory = memoryInbox([event(1, 1, "constructor"), event(2, 1, "__proto__"), event(3, 1, "Good")]);
    const seen: number[] = [];
    const worker = createInboxWorker({
      inbox: memory.inbox,
      logger: pino({ level: "silent" }),
      handlers: { Good: async (e) => void seen.push(e.id) },
    });
    worker.start();
    await worker.idle();
    await worker.stop();
    expect(memory.events.map((e) => [e.processed, e.error])).toEqual([
      [true, undefined],
      [true, undefined],
      [true, undefined],
    ]);
    expect(seen).toEqual([3]);
  });

  it("handles an account's new event while another account's long drain is still running", async () => {
    const memory = memoryInbox([event(1, 1, "Slow")]);
    const seen: number[] = [];
    let release = () => {};
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const worker = createInboxWorker({
      inbox: memory.inbox,
      logger: pino({ level: "silent" }),
      handlers: {
        Slow: async (e) => {
          seen.push(e.id);
          await blocked;
        },
        Quick: async (e) => void seen.push(e.id),
      },
    });
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([1]);
    memory.events.push(event(2, 2, "Quick"));
    await worker.wake(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Account 2's event is done although account 1's first event has not finished.
    expect(seen).toEqual([1, 2]);
    expect(memory.events.find((e) => e.id === 2)?.processed).toBe(true);
    release();
    await worker.idle();
    await worker.stop();
    expect(memory.events.every((e) => e.processed)).toBe(true);
  });

  it("runs an event that lost a deadlock again almost at once, without waiting for a poll", async () => {
    const memory = memoryInbox([event(1, 1, "Racy"), event(2, 1, "Good")]);
    const seen: number[] = [];
    let tries = 0;
    const worker = createInboxWorker({
      inbox: memory.inbox,
      logger: pino({ level: "silent" }),
      pollMs: 60_000,
      handlers: {
        Racy: async (e) => {
          if (tries++ === 0) throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
          seen.push(e.id);
        },
        Good: async (e) => void seen.push(e.id),
      },
    });
    worker.start();
    const started = Date.now();
    while (seen.length < 2 && Date.now() - started < 2_000) await new Promise((r) => setTimeout(r, 10));
    await worker.stop();
    expect(seen).toEqual([1, 2]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(memory.events[0]).toMatchObject({ attempts: 1, processed: true });
  });

  it("backs off exponentially, capped at five minutes", () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([2000, 4000, 8000]);
    expect(retryDelayMs(20)).toBe(300_000);
  });

  it("renews its lease during a long drain, and stops as soon as another process holds the account", async () => {
    const seen: number[] = [];
    const renewals: number[] = [];
    const lostAfter = 5;
    // Another process takes the lease once five events were started here.
    const memory = memoryInbox(
      Array.from({ length: 8 }, (_, index) => event(index + 1, 1, "Slow")),
      () => seen.length >= lostAfter,
    );
    const renewLease = memory.inbox.renewLease;
    memory.inbox.renewLease = async () => {
      renewals.push(seen.length);
      return renewLease();
    };
    const worker = createInboxWorker({
      inbox: memory.inbox,
      logger: pino({ level: "silent" }),
      leaseMs: 100,
      handlers: {
        Slow: async (e) => {
          seen.push(e.id);
          await new Promise((resolve) => setTimeout(resolve, 30));
        },
      },
    });
    worker.start();
    await worker.idle();
    await worker.stop();
    // Renewed every other event or so (half of 100 ms is two 30 ms events).
    expect(renewals.length).toBeGreaterThanOrEqual(2);
    // Once the renewal failed, not one more event was started.
    const lostAt = renewals.find((count) => count >= lostAfter) as number;
    expect(seen).toHaveLength(lostAt);
    expect(seen.length).toBeLessThan(8);
    expect(memory.events.filter((e) => !e.processed).map((e) => e.id)).toEqual(
      Array.from({ length: 8 - lostAt }, (_, index) => lostAt + index + 1),
    );
  });
});
