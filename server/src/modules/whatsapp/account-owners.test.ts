import { afterEach, describe, expect, it, vi } from "vitest";
import type { AccountRow } from "../../db/schema.js";
import { createLocalEventBus } from "../realtime/event-bus.js";
import { createAccountOwners } from "./account-owners.js";

/** A stand-in for the account repo: counts reads, and can hold one open until released. */
function accountsOf(rows: Array<Pick<AccountRow, "id" | "user_id" | "jid">>) {
  const stored = new Map(rows.map((row) => [row.id, { ...row }]));
  let held: Promise<void> | null = null;
  const repo = {
    reads: 0,
    set(id: number, jid: string | null) {
      const row = stored.get(id);
      if (row) row.jid = jid;
    },
    remove: (id: number) => stored.delete(id),
    /** The next read waits until the returned function is called. */
    hold() {
      let release = () => {};
      held = new Promise((resolve) => {
        release = resolve;
      });
      return () => release();
    },
    async findById(id: number) {
      repo.reads++;
      const row = stored.get(id);
      const answer = row ? ({ ...row } as AccountRow) : undefined;
      if (held) {
        const wait = held;
        held = null;
        await wait;
      }
      return answer;
    },
  };
  return repo;
}

describe("account owners", () => {
  afterEach(() => vi.useRealTimers());

  const setUp = () => {
    const accounts = accountsOf([
      { id: 1, user_id: 10, jid: "5511999990001:3@s.whatsapp.net" },
      { id: 2, user_id: 20, jid: null },
    ]);
    const bus = createLocalEventBus();
    return { accounts, bus, owners: createAccountOwners(accounts, bus) };
  };

  it("reads an account once for many events", async () => {
    const { accounts, owners } = setUp();
    expect(await owners.find(1)).toEqual({ accountId: 1, userId: 10, jid: "5511999990001:3@s.whatsapp.net" });
    expect(await owners.find(1)).toEqual({ accountId: 1, userId: 10, jid: "5511999990001:3@s.whatsapp.net" });
    expect(await owners.find(2)).toEqual({ accountId: 2, userId: 20, jid: null });
    expect(accounts.reads).toBe(2);
  });

  it("reads again after the owner is told the account changed, and only that account", async () => {
    const { accounts, bus, owners } = setUp();
    await owners.find(1);
    await owners.find(2);
    accounts.set(2, "5511999990002:1@s.whatsapp.net");
    await bus.publish(20, { type: "account.updated", state: "connected" });
    await bus.publish(10, { type: "chat.updated", chatId: 5 });
    expect((await owners.find(2))?.jid).toBe("5511999990002:1@s.whatsapp.net");
    await owners.find(1);
    expect(accounts.reads).toBe(3);
  });

  it("forgets an account changed in this process at once, before the bus's notice comes back", async () => {
    const { accounts, owners } = setUp();
    await owners.find(2);
    accounts.set(2, "5511999990002:1@s.whatsapp.net");
    owners.forget(20);
    expect((await owners.find(2))?.jid).toBe("5511999990002:1@s.whatsapp.net");
    expect(accounts.reads).toBe(2);
  });

  it("forgets everyone when the bus resynced (changes may have been missed)", async () => {
    const { accounts, bus, owners } = setUp();
    await owners.find(1);
    await owners.find(2);
    await bus.publish(0, { type: "bus.resynced" });
    await owners.find(1);
    await owners.find(2);
    expect(accounts.reads).toBe(4);
  });

  it("does not keep a read that a change overtook", async () => {
    const { accounts, bus, owners } = setUp();
    const release = accounts.hold();
    const racing = owners.find(2);
    // The change lands and is announced while the read is still on its way.
    accounts.set(2, "5511999990002:1@s.whatsapp.net");
    await bus.publish(20, { type: "account.updated", state: "connected" });
    release();
    expect((await racing)?.jid).toBeNull();
    expect((await owners.find(2))?.jid).toBe("5511999990002:1@s.whatsapp.net");
    expect(accounts.reads).toBe(2);
  });

  it("answers null for an account that is gone, and keeps asking", async () => {
    const { accounts, owners } = setUp();
    accounts.remove(2);
    expect(await owners.find(2)).toBeNull();
    expect(await owners.find(2)).toBeNull();
    expect(accounts.reads).toBe(2);
  });

  it("trusts an entry for ten seconds at most", async () => {
    vi.useFakeTimers();
    const { accounts, owners } = setUp();
    await owners.find(1);
    vi.advanceTimersByTime(9_000);
    await owners.find(1);
    expect(accounts.reads).toBe(1);
    vi.advanceTimersByTime(2_000);
    await owners.find(1);
    expect(accounts.reads).toBe(2);
  });
});
