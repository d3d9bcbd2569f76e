import type { Db } from "../../db/database.js";

/** Counts over one user's own WhatsApp number: never another user's data. */
export function createDashboardRepo(db: Db) {
  return {
    async accountSummary(userId: number) {
      const account = await db
        .selectFrom("wa_account")
        .select(["id", "state", "phone_e164"])
        .where("user_id", "=", userId)
        .executeTakeFirst();
      if (!account) return null;
      const [contacts, chats, messages] = await Promise.all([
        db
          .selectFrom("contact_whatsapp")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("account_id", "=", account.id)
          .where("is_group", "=", false)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom("chat")
          .select((eb) => [
            eb.fn.countAll<number>().as("n"),
            eb.fn.count<number>("id").filterWhere("unread_count", ">", 0).as("unread"),
          ])
          .where("account_id", "=", account.id)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom("message")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("account_id", "=", account.id)
          .executeTakeFirstOrThrow(),
      ]);
      return {
        state: account.state,
        phoneE164: account.phone_e164,
        whatsappContacts: Number(contacts.n),
        chats: Number(chats.n),
        unreadChats: Number(chats.unread),
        messages: Number(messages.n),
      };
    },
  };
}

export type DashboardRepo = ReturnType<typeof createDashboardRepo>;
