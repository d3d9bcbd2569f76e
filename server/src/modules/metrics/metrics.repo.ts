import type { Db } from "../../db/database.js";
import type { AccountState } from "../../db/schema.js";

const ACCOUNT_STATES: readonly AccountState[] = [
  "new",
  "qr",
  "connected",
  "disconnected",
  "logged_out",
  "error",
];

/** Linked WhatsApp accounts per state; every state is listed, with 0 where there are none. */
export async function countAccountsByState(db: Db): Promise<Record<AccountState, number>> {
  const rows = await db
    .selectFrom("wa_account")
    .select((eb) => ["state", eb.fn.countAll<number>().as("n")])
    .groupBy("state")
    .execute();
  const counts = Object.fromEntries(ACCOUNT_STATES.map((state) => [state, 0])) as Record<
    AccountState,
    number
  >;
  for (const row of rows) counts[row.state] = Number(row.n);
  return counts;
}
