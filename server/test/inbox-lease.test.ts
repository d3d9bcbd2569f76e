import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/database.js";
import { createInboxRepo } from "../src/modules/whatsapp/inbox.repo.js";
import { createTestAccounts, createTestDatabase } from "./support/database.js";

/** The inbox's lease and read statements on a real database: two processes, one account. */
describe("inbox lease", () => {
  let database: DatabaseHandle;
  let inbox: ReturnType<typeof createInboxRepo>;
  let accountId: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    inbox = createInboxRepo(database.db);
    [accountId] = (await createTestAccounts(database)) as [number];
  });
  afterAll(() => database.close());

  const append = (type: string) => inbox.append({ accountId, type, payload: { type }, signed: true });
  const lease = () =>
    database.db
      .selectFrom("wa_account")
      .select(["inbox_lease_owner", "inbox_lease_until"])
      .where("id", "=", accountId)
      .executeTakeFirstOrThrow();

  it("takes nothing when no event waits, and one process at a time otherwise", async () => {
    expect(await inbox.leaseAndRead(accountId, "a", 30_000, 10)).toBeNull();
    expect((await lease()).inbox_lease_owner).toBeNull();

    const first = await append("One");
    const second = await append("Two");
    const read = await inbox.leaseAndRead(accountId, "a", 30_000, 10);
    expect(read?.map((event) => [event.id, event.type, event.due])).toEqual([
      [first, "One", true],
      [second, "Two", true],
    ]);
    expect((await lease()).inbox_lease_owner).toBe("a");
    // Process b finds the account held; a renews its own lease.
    expect(await inbox.leaseAndRead(accountId, "b", 30_000, 10)).toBeNull();
    expect(await inbox.renewLease(accountId, "b", 30_000)).toBe(false);
    expect(await inbox.renewLease(accountId, "a", 30_000)).toBe(true);

    // Marking the first done reads the second and keeps the lease; marking that one lets it go.
    const afterFirst = await inbox.finishAndRead(accountId, "a", [first], 10);
    expect(afterFirst.events.map((event) => event.id)).toEqual([second]);
    expect(afterFirst.released).toBe(false);
    expect((await lease()).inbox_lease_owner).toBe("a");
    const afterSecond = await inbox.finishAndRead(accountId, "a", [second], 10);
    expect(afterSecond).toEqual({ events: [], released: true });
    expect(await lease()).toEqual({ inbox_lease_owner: null, inbox_lease_until: null });
    expect(await inbox.pendingStats()).toMatchObject({ pending: 0 });
  });

  it("lets b take over once a's lease runs out, and a's late finish leaves b's lease alone", async () => {
    const stuck = await append("Stuck");
    expect(await inbox.leaseAndRead(accountId, "a", 1, 10)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await inbox.leaseAndRead(accountId, "b", 30_000, 10))?.map((event) => event.id)).toEqual([stuck]);
    await inbox.finish(accountId, "a", []);
    expect((await lease()).inbox_lease_owner).toBe("b");
    await inbox.finish(accountId, "b", [stuck]);
    expect((await lease()).inbox_lease_owner).toBeNull();
    expect(await inbox.pendingStats()).toMatchObject({ pending: 0 });
  });

  it("holds the lease while the next event waits for its retry, and lists the account only once it is due", async () => {
    const failing = await append("Failing");
    const later = await append("Later");
    expect(await inbox.accountsWithPendingEvents(10)).toEqual([accountId]);
    await inbox.markFailed(failing, "boom", new Date(Date.now() + 60_000));
    // The later event is due, but it waits behind the failing one.
    expect(await inbox.accountsWithPendingEvents(10)).toEqual([]);
    const read = await inbox.leaseAndRead(accountId, "a", 30_000, 10);
    expect(read?.map((event) => [event.id, event.due])).toEqual([
      [failing, false],
      [later, true],
    ]);
    const next = await inbox.finishAndRead(accountId, "a", [], 10);
    expect(next.released).toBe(false);
    await inbox.finish(accountId, "a", []);
    expect((await lease()).inbox_lease_owner).toBeNull();
  });
});
