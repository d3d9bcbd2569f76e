import { sql, type Transaction } from "kysely";
import type { Db } from "../../db/database.js";
import type { Database } from "../../db/schema.js";

interface ResolvedLidChat {
  id: number;
  lid: string;
  phoneJid: string;
  contactId: number;
}

/** Where a LID chat went: `into` is another chat when both existed, or the same chat renamed. */
export interface LidChatMerge {
  from: number;
  into: number;
}

/**
 * A 1:1 chat first seen under a LID (`…@lid`) belongs under the person's phone JID once the
 * contacts learn it: live messages go there from then on, so the LID chat's messages move too.
 */
export function createLidChatsRepo(db: Db) {
  async function mergeOne(trx: Transaction<Database>, accountId: number, chat: ResolvedLidChat) {
    await trx
      .updateTable("message_change_early")
      .set({ chat_jid: chat.phoneJid })
      .where("account_id", "=", accountId)
      .where("chat_jid", "=", chat.lid)
      .execute();
    const phoneChat = await trx
      .selectFrom("chat")
      .select("id")
      .where("account_id", "=", accountId)
      .where("jid", "=", chat.phoneJid)
      .executeTakeFirst();
    if (!phoneChat) {
      await trx
        .updateTable("chat")
        .set({ jid: chat.phoneJid, contact_whatsapp_id: chat.contactId, updated_at: new Date() })
        .where("id", "=", chat.id)
        .execute();
      await trx
        .updateTable("message")
        .set({ chat_jid: chat.phoneJid })
        .where("chat_id", "=", chat.id)
        .execute();
      return { from: chat.id, into: chat.id };
    }
    // A message stored under both addresses (history by phone JID, live by LID) is kept once.
    await trx
      .deleteFrom("message as m")
      .where("m.chat_id", "=", chat.id)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom("message as p")
            .select("p.id")
            .where("p.account_id", "=", accountId)
            .where("p.chat_jid", "=", chat.phoneJid)
            .whereRef("p.wa_id", "=", "m.wa_id"),
        ),
      )
      .execute();
    await trx
      .updateTable("message")
      .set({ chat_id: phoneChat.id, chat_jid: chat.phoneJid })
      .where("chat_id", "=", chat.id)
      .execute();
    await sql`
      update chat as into_chat set
        unread_count = into_chat.unread_count + from_chat.unread_count,
        title = coalesce(into_chat.title, from_chat.title),
        last_message_at = greatest(into_chat.last_message_at, from_chat.last_message_at),
        last_message_preview = case
          when into_chat.last_message_at is null or from_chat.last_message_at > into_chat.last_message_at
          then from_chat.last_message_preview else into_chat.last_message_preview end,
        updated_at = now()
      from chat as from_chat
      where into_chat.id = ${phoneChat.id} and from_chat.id = ${chat.id}`.execute(trx);
    await trx.deleteFrom("chat").where("id", "=", chat.id).execute();
    return { from: chat.id, into: phoneChat.id };
  }

  return {
    async mergeResolved(accountId: number): Promise<LidChatMerge[]> {
      const resolved = await db
        .selectFrom("chat")
        .innerJoin("contact_whatsapp as cw", (join) =>
          join.onRef("cw.account_id", "=", "chat.account_id").onRef("cw.lid", "=", "chat.jid"),
        )
        .select(["chat.id", "chat.jid as lid", "cw.jid as phoneJid", "cw.id as contactId"])
        .where("chat.account_id", "=", accountId)
        .where("chat.is_group", "=", false)
        .where("chat.jid", "like", "%@lid")
        .where("cw.jid", "not like", "%@lid")
        .execute();
      const merges: LidChatMerge[] = [];
      for (const chat of resolved)
        merges.push(await db.transaction().execute((trx) => mergeOne(trx, accountId, chat)));
      return merges;
    },
  };
}

export type LidChatsRepo = ReturnType<typeof createLidChatsRepo>;
