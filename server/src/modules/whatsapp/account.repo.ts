import type { Updateable } from "kysely";
import type { Db } from "../../db/database.js";
import type { AccountRow, WaAccountTable } from "../../db/schema.js";

export type AccountPatch = Omit<Updateable<WaAccountTable>, "id" | "user_id" | "created_at">;

export function createAccountRepo(db: Db) {
  return {
    findByUserId: (userId: number): Promise<AccountRow | undefined> =>
      db.selectFrom("wa_account").selectAll().where("user_id", "=", userId).executeTakeFirst(),
    findById: (id: number): Promise<AccountRow | undefined> =>
      db.selectFrom("wa_account").selectAll().where("id", "=", id).executeTakeFirst(),
    findByWebhookSecret: (secret: string): Promise<AccountRow | undefined> =>
      db.selectFrom("wa_account").selectAll().where("webhook_secret", "=", secret).executeTakeFirst(),
    listAll: (): Promise<AccountRow[]> => db.selectFrom("wa_account").selectAll().orderBy("id").execute(),

    /** Creates the user's account row, or returns the existing one (two tabs may race here). */
    async createForUser(userId: number, webhookSecret: string): Promise<AccountRow> {
      await db
        .insertInto("wa_account")
        .values({ user_id: userId, webhook_secret: webhookSecret })
        .onConflict((oc) => oc.column("user_id").doNothing())
        .execute();
      return db.selectFrom("wa_account").selectAll().where("user_id", "=", userId).executeTakeFirstOrThrow();
    },

    async update(id: number, patch: AccountPatch): Promise<AccountRow> {
      return db
        .updateTable("wa_account")
        .set({ ...patch, updated_at: new Date() })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /** Provisioned accounts per WuzAPI instance (new accounts go to the least loaded). */
    async provisionedPerInstance(): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom("wa_account")
        .select(["wuzapi_instance", (eb) => eb.fn.countAll<number>().as("n")])
        .where("wuzapi_user_id", "is not", null)
        .groupBy("wuzapi_instance")
        .execute();
      return new Map(rows.map((row) => [row.wuzapi_instance, Number(row.n)]));
    },

    async countUnsignedWebhook(id: number): Promise<void> {
      await db
        .updateTable("wa_account")
        .set((eb) => ({ unsigned_webhooks: eb("unsigned_webhooks", "+", 1) }))
        .where("id", "=", id)
        .execute();
    },
  };
}

export type AccountRepo = ReturnType<typeof createAccountRepo>;
