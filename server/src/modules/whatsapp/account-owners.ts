import type { EventBus } from "../realtime/event-bus.js";
import type { AccountRepo } from "./account.repo.js";

/** Who an account belongs to, and the account's own WhatsApp JID once linked. */
export interface AccountOwner {
  accountId: number;
  userId: number;
  jid: string | null;
}

/** A bound on how long an entry is trusted, should a change ever miss its event. */
const TRUST_MS = 10_000;

/**
 * Account owners for the inbox's hot path, where every event names its account: one read per
 * account instead of one per event. Every change of an account goes through the account service,
 * which forgets the entry here at once and tells the owner `account.updated` on the bus, which
 * drops it in every other process; a read that raced either is not kept.
 */
export function createAccountOwners(
  accounts: Pick<AccountRepo, "findById">,
  bus: Pick<EventBus, "subscribe">,
) {
  const entries = new Map<number, { owner: AccountOwner; until: number }>();
  /** Bumped whenever entries are dropped: a read that started before is stale. */
  let generation = 0;

  /** Drops one user's entries (every user's for 0), and marks reads in flight as stale. */
  const forget = (userId: number) => {
    generation++;
    for (const [accountId, { owner }] of entries)
      if (userId === 0 || owner.userId === userId) entries.delete(accountId);
  };
  // The bus's listeners go when it closes. bus.resynced (user 0): the listener was down and may
  // have missed changes.
  bus.subscribe((userId, event) => {
    if (event.type === "account.updated" || event.type === "bus.resynced") forget(userId);
  });

  return {
    forget,
    /** The account's owner; null for an account that no longer exists. */
    async find(accountId: number): Promise<AccountOwner | null> {
      const entry = entries.get(accountId);
      if (entry && entry.until > Date.now()) return entry.owner;
      const readAt = generation;
      const row = await accounts.findById(accountId);
      if (!row) {
        entries.delete(accountId);
        return null;
      }
      const owner = { accountId: row.id, userId: row.user_id, jid: row.jid };
      if (readAt === generation) entries.set(accountId, { owner, until: Date.now() + TRUST_MS });
      return owner;
    },
  };
}

export type AccountOwners = ReturnType<typeof createAccountOwners>;
