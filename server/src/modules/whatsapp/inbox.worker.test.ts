import pino from "pino";
import { describe, expect, it } from "vitest";
import type { InboxEvent } from "./inbox.repo.js";
import { createInboxWorker, retryDelayMs } from "./inbox.worker.js";

/** An in-memory inbox with the repo's semantics, to drive the worker's ordering and retry rules. */
function memoryInbox(events: Array<InboxEvent & { processed?: boolean; retryAt?: number; error?: string }>) {
  return {
    events,
    inbox: {
      /** Accounts whose next event is due. */
      async accountsWithPendingEvents() {
        const heads = new Map<number, (typeof events)[number]>();
        for (const e of events) if (!e.processed && !heads.has(e.accountId)) heads.set(e.accountId, e);
        return [...heads.values()].filter((e) => (e.retryAt ?? 0) <= Date.now()).map((e) => e.accountId);
      },
      async nextEvents(accountId: number, _limit: number, processed: number[] = []) {
        await this.markProcessed(processed);
        return events
          .filter((e) => e.accountId === accountId && !e.processed)
          .map((e) => ({ ...e, due: (e.retryAt ?? 0) <= Date.now() }));
      },
      async markProcessed(ids: number[]) {
        for (const event of events.filter((e) => ids.includes(e.id)))
          Object.assign(event, { processed: true, error: undefined });
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

const leases = { takeInboxLease: async () => true, releaseInboxLease: async () => {} };
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
      inbox: inbox as never,
      accounts: leases,
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
      inbox: memory.inbox as never,
      accounts: leases,
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
      inbox: memory.inbox as never,
      accounts: leases,
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
      inbox: memory.inbox as never,
      accounts: leases,
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
      inbox: memory.inbox as never,
      accounts: leases,
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

  it("backs off exponentially, capped at five minutes", () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([2000, 4000, 8000]);
    expect(retryDelayMs(20)).toBe(300_000);
  });

  it("renews its lease during a long drain, and stops as soon as another process holds the account", async () => {
    const memory = memoryInbox(Array.from({ length: 8 }, (_, index) => event(index + 1, 1, "Slow")));
    const seen: number[] = [];
    const takes: number[] = [];
    let lostAfter = Number.POSITIVE_INFINITY;
    const worker = createInboxWorker({
      inbox: memory.inbox as never,
      accounts: {
        // The lease is renewed while this process still holds it, until another one took it.
        takeInboxLease: async () => {
          takes.push(seen.length);
          return seen.length < lostAfter;
        },
        releaseInboxLease: async () => {},
      },
      logger: pino({ level: "silent" }),
      leaseMs: 100,
      handlers: {
        Slow: async (e) => {
          seen.push(e.id);
          await new Promise((resolve) => setTimeout(resolve, 30));
        },
      },
    });
    lostAfter = 5;
    worker.start();
    await worker.idle();
    await worker.stop();
    // Taken once, then renewed every other event or so (half of 100 ms is two 30 ms events).
    expect(takes.length).toBeGreaterThanOrEqual(3);
    expect(takes[0]).toBe(0);
    // Once the renewal failed, not one more event was started.
    const lostAt = takes.find((count) => count >= lostAfter) as number;
    expect(seen).toHaveLength(lostAt);
    expect(seen.length).toBeLessThan(8);
    expect(memory.events.filter((e) => !e.processed).map((e) => e.id)).toEqual(
      Array.from({ length: 8 - lostAt }, (_, index) => lostAt + index + 1),
    );
  });
});
