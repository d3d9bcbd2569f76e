import { type Expression, type SqlBool, sql } from "kysely";
import type { Db } from "../../db/database.js";
import type { MessageStatus } from "../../db/schema.js";
import type { ChatAddress, IncomingMessage, MessageChange } from "./chat-events.js";
import { deletedPreview } from "./chat-ingest.js";
import { changesInOrder } from "./early-changes.repo.js";

const BATCH = 500;
/** Sorts chats that match no favourite after every favourite. */
const NOT_FAVOURITE = 2_147_483_647;

/**
 * Statuses a receipt may move an own message from: never backwards (read > delivered > sent >
 * pending). A failed send that gets a receipt did go out (WuzAPI took it after we stopped waiting).
 */
const EARLIER_STATUSES: Record<"delivered" | "read", MessageStatus[]> = {
  delivered: ["pending", "sent", "failed"],
  read: ["pending", "sent", "delivered", "failed"],
};

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** The `message_words` index keeps words of up to 64 characters (lower-cased): ask for shorter ones only. */
const MAX_SEARCHED_WORD = 32;

/**
 * The words of a search that sit strictly inside it, between spaces: any text containing the search
 * holds each of them as a whole space-separated word (what the `message_words` index lists).
 */
export const innerWords = (q: string) => [
  ...new Set(
    q
      .split(" ")
      .slice(1, -1)
      .filter((word) => word !== "" && [...word].length <= MAX_SEARCHED_WORD),
  ),
];

/**
 * Chats with a message containing `pattern`. A search with inner words reads the few messages
 * holding all those words (word index), then checks the pattern on them; the trigram index alone
 * would intersect every trigram of a long phrase, each common one listing most messages.
 */
function messageMatches(accountId: number, q: string, pattern: string): Expression<SqlBool> {
  const words = innerWords(q);
  if (words.length === 0)
    return sql<SqlBool>`chat.id in (select chat_id from message where account_id = ${accountId} and text ilike ${pattern})`;
  // Materialized: the pattern is checked on the candidates, never handed to the trigram index.
  return sql<SqlBool>`chat.id in (
    with candidates as materialized (
      select chat_id, text from message
      where account_id = ${accountId}
        and regexp_split_to_array(regexp_replace(lower(text), '[^ ]{65,}', '', 'g'), ' ') @> array[${sql.join(words.map((word) => sql`lower(${word}::text)`))}]
    )
    select chat_id from candidates where text ilike ${pattern})`;
}

/** Where the chat list continues: the sort key of the last chat of the previous page. */
export interface ChatCursor {
  rank: number;
  lastMessageAt: string | null;
  id: number;
}

export interface ChatFilter {
  q?: string | undefined;
  /** Org contacts whose name matches `q` (the directory may be another database). */
  contactRefIdsMatchingQ?: number[];
  /** Only chats linked to these org contacts (a tag filter resolved through the directory). */
  contactRefIds?: number[] | undefined;
  unread?: boolean | undefined;
  chatId?: number;
  cursor?: ChatCursor | null | undefined;
  limit: number;
}

export interface NewOwnMessage {
  accountId: number;
  chatId: number;
  chatJid: string;
  waId: string;
  senderJid: string | null;
  /** The text, or a file's caption. */
  text: string | null;
  quotedWaId: string | null;
  /** A file already in the media store. */
  media?: { type: string; key: string; mime: string; name: string | null; size: number };
}

/** A message row as WuzAPI's events describe it. */
const messageValues = (accountId: number, chat: { id: number; jid: string }, message: IncomingMessage) => ({
  account_id: accountId,
  chat_id: chat.id,
  chat_jid: chat.jid,
  wa_id: message.waId,
  from_me: message.fromMe,
  sender_jid: message.senderJid,
  sender_name: message.senderName,
  type: message.type,
  text: message.text,
  media_mime: message.media?.mime ?? null,
  media_name: message.media?.name ?? null,
  media_size: message.media?.size ?? null,
  media_source: message.media ? JSON.stringify(message.media.source) : null,
  quoted_wa_id: message.quotedWaId,
  status: message.status,
  sent_at: message.sentAt,
});

/** Several changes to one message as one: the last word on each reaction, on the text and on each date. */
interface FoldedChange {
  /** Sender JID → emoji, or null for a reaction taken back. */
  reactions: Record<string, string | null> | null;
  text: { value: string | null } | null;
  editedAt: Date | null;
  deletedAt: Date | null;
}

/** Folds changes by target, in order: applying the fold equals applying each change in turn. */
export function foldChanges(changes: MessageChange[]): Map<string, FoldedChange> {
  const folded = new Map<string, FoldedChange>();
  for (const change of changes) {
    const target = folded.get(change.targetWaId) ?? {
      reactions: null,
      text: null,
      editedAt: null,
      deletedAt: null,
    };
    if (change.kind === "reaction")
      target.reactions = { ...target.reactions, [change.senderJid]: change.emoji };
    else if (change.kind === "edit") {
      target.text = { value: change.text };
      target.editedAt = change.at;
    } else {
      target.text = { value: null };
      target.deletedAt = change.at;
    }
    folded.set(change.targetWaId, target);
  }
  return folded;
}

export function createChatsRepo(db: Db) {
  // The list's sort key: favourites by position, then the rest; newest last message first.
  const rank = sql<number>`coalesce(fav.position, ${sql.lit(NOT_FAVOURITE)})`;
  const recency = sql<Date>`coalesce(chat.last_message_at, '-infinity'::timestamptz)`;

  const chatRows = (userId: number) =>
    db
      .selectFrom("chat")
      .leftJoin("contact_whatsapp as cw", "cw.id", "chat.contact_whatsapp_id")
      // A favourite pins the chat's WhatsApp contact, or the org contact that contact is linked to.
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom("favourite as f")
            .select(["f.id", "f.position"])
            .where("f.user_id", "=", userId)
            .where((w) =>
              w.or([
                w("f.contact_whatsapp_id", "=", w.ref("chat.contact_whatsapp_id")),
                w("f.contact_ref_id", "=", w.ref("cw.contact_ref_id")),
              ]),
            )
            .orderBy("f.position")
            .orderBy("f.id")
            .limit(1)
            .as("fav"),
        (join) => join.onTrue(),
      )
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom("message as last")
            .select(["last.from_me", "last.status"])
            .whereRef("last.chat_id", "=", "chat.id")
            .orderBy("last.sent_at", "desc")
            .orderBy("last.id", "desc")
            .limit(1)
            .as("last"),
        (join) => join.onTrue(),
      )
      .select([
        "chat.id",
        "chat.jid",
        "chat.is_group",
        "chat.title",
        "chat.contact_whatsapp_id",
        "chat.last_message_at",
        "chat.last_message_preview",
        "chat.unread_count",
        "cw.contact_ref_id",
        "cw.phone_e164",
        "cw.full_name",
        "cw.push_name",
        "cw.business_name",
        "fav.id as favourite_id",
        "last.from_me as last_from_me",
        "last.status as last_status",
      ])
      .select(rank.as("rank"));

  const messageRows = () =>
    db
      .selectFrom("message as m")
      .leftJoin("message as q", (join) =>
        join
          .onRef("q.account_id", "=", "m.account_id")
          .onRef("q.chat_jid", "=", "m.chat_jid")
          .onRef("q.wa_id", "=", "m.quoted_wa_id"),
      )
      .select([
        "m.id",
        "m.chat_id",
        "m.wa_id",
        "m.from_me",
        "m.sender_jid",
        "m.sender_name",
        "m.type",
        "m.text",
        "m.media_mime",
        "m.media_name",
        "m.media_size",
        "m.media_key",
        "m.media_state",
        "m.reactions",
        "m.status",
        "m.error",
        "m.sent_at",
        "m.edited_at",
        "m.deleted_at",
        "q.wa_id as quoted_wa_id",
        "q.text as quoted_text",
        "q.sender_name as quoted_sender_name",
        "q.from_me as quoted_from_me",
        "q.sender_jid as quoted_sender_jid",
        "q.deleted_at as quoted_deleted_at",
      ]);

  return {
    // ---- ingest ----

    /** The phone JID a LID stands for, when the contacts module has learnt it. */
    phoneJidOfLid: async (accountId: number, lid: string) =>
      (
        await db
          .selectFrom("contact_whatsapp")
          .select("jid")
          .where("account_id", "=", accountId)
          .where("lid", "=", lid)
          .where("jid", "not like", "%@lid")
          .executeTakeFirst()
      )?.jid ?? null,

    /**
     * Creates the chat or refreshes its title and contact link. `unreadCount` is the starting count
     * of a new chat only (a history sync's own count): an existing chat keeps its count.
     */
    async upsertChat(
      accountId: number,
      chat: ChatAddress & { title?: string | null; unreadCount?: number },
    ): Promise<{ id: number; created: boolean }> {
      // Most events name a chat already stored as they describe it: a read then, not a write (a
      // no-op upsert still locks the row and costs a commit).
      const unchanged = await db
        .selectFrom("chat")
        .leftJoin("contact_whatsapp as cw", (join) =>
          join.on("cw.account_id", "=", accountId).on("cw.jid", "=", chat.jid),
        )
        .select("chat.id")
        .where("chat.account_id", "=", accountId)
        .where("chat.jid", "=", chat.jid)
        .where((eb) => eb.or([eb("cw.id", "is", null), eb("chat.contact_whatsapp_id", "=", eb.ref("cw.id"))]))
        .where((eb) => (chat.title == null ? eb.lit(true) : eb("chat.title", "=", chat.title)))
        .executeTakeFirst();
      if (unchanged) return { id: unchanged.id, created: false };
      const contactId = db
        .selectFrom("contact_whatsapp")
        .select("id")
        .where("account_id", "=", accountId)
        .where("jid", "=", chat.jid);
      const row = await db
        .insertInto("chat")
        .values({
          account_id: accountId,
          jid: chat.jid,
          is_group: chat.isGroup,
          title: chat.title ?? null,
          contact_whatsapp_id: contactId,
          unread_count: chat.unreadCount ?? 0,
        })
        .onConflict((oc) =>
          oc.columns(["account_id", "jid"]).doUpdateSet({
            title: sql`coalesce(excluded.title, chat.title)`,
            contact_whatsapp_id: sql`coalesce(excluded.contact_whatsapp_id, chat.contact_whatsapp_id)`,
            updated_at: sql`now()`,
          }),
        )
        // xmax is 0 on a freshly inserted row, set on one the conflict updated.
        .returning(["id", sql<boolean>`(xmax = 0)`.as("created")])
        .executeTakeFirstOrThrow();
      return { id: row.id, created: row.created };
    },

    findChatByJid: async (accountId: number, jid: string) =>
      (
        await db
          .selectFrom("chat")
          .select("id")
          .where("account_id", "=", accountId)
          .where("jid", "=", jid)
          .executeTakeFirst()
      )?.id ?? null,

    /** Inserts messages in batches; ones already stored are skipped. Returns the new rows' ids. */
    async insertMessages(
      accountId: number,
      chat: { id: number; jid: string },
      messages: IncomingMessage[],
    ): Promise<Array<{ id: number; waId: string }>> {
      const inserted: Array<{ id: number; waId: string }> = [];
      for (let start = 0; start < messages.length; start += BATCH) {
        const rows = await db
          .insertInto("message")
          .values(
            messages.slice(start, start + BATCH).map((message) => messageValues(accountId, chat, message)),
          )
          .onConflict((oc) => oc.columns(["account_id", "chat_jid", "wa_id"]).doNothing())
          .returning(["id", "wa_id"])
          .execute();
        inserted.push(...rows.map((row) => ({ id: row.id, waId: row.wa_id })));
      }
      return inserted;
    },

    /** Moves the chat's last message forward; an older message (history, late delivery) leaves it. */
    async touchLastMessage(chatId: number, last: { at: Date; preview: string | null }): Promise<void> {
      await db
        .updateTable("chat")
        .set({ last_message_at: last.at, last_message_preview: last.preview, updated_at: new Date() })
        .where("id", "=", chatId)
        .where((eb) => eb.or([eb("last_message_at", "is", null), eb("last_message_at", "<=", last.at)]))
        .execute();
    },

    /**
     * Stores one live message; when it is new, the chat's last message moves forward to it (unless
     * it is older) and it counts as unread unless it is our own, and the changes that came before
     * it are taken from the early-changes table. One statement: a busy number writes each chat row
     * once per message, not twice more. Undefined when already stored.
     */
    async insertLiveMessage(
      accountId: number,
      chat: { id: number; jid: string },
      message: IncomingMessage,
      preview: string | null,
    ): Promise<{ id: number; waId: string; earlyChanges: MessageChange[] } | undefined> {
      const newer = sql<boolean>`(chat.last_message_at is null or chat.last_message_at <= ${message.sentAt}::timestamptz)`;
      const row = await db
        .with("inserted", (qb) =>
          qb
            .insertInto("message")
            .values(messageValues(accountId, chat, message))
            .onConflict((oc) => oc.columns(["account_id", "chat_jid", "wa_id"]).doNothing())
            .returning(["id", "wa_id"]),
        )
        .with("touched", (qb) =>
          qb
            .updateTable("chat")
            .set({
              last_message_at: sql`case when ${newer} then ${message.sentAt}::timestamptz else chat.last_message_at end`,
              last_message_preview: sql`case when ${newer} then ${preview}::text else chat.last_message_preview end`,
              updated_at: sql`case when ${newer} then ${new Date()}::timestamptz else chat.updated_at end`,
              unread_count: sql`chat.unread_count + ${message.fromMe ? 0 : 1}::integer`,
            })
            .where("id", "=", chat.id)
            .where(({ exists, selectFrom }) => exists(selectFrom("inserted").select("inserted.id")))
            .returning("chat.id"),
        )
        .with("early", (qb) =>
          qb
            .deleteFrom("message_change_early")
            .where("account_id", "=", accountId)
            .where("chat_jid", "=", chat.jid)
            .where("target_wa_id", "in", qb.selectFrom("inserted").select("inserted.wa_id"))
            .returning(["message_change_early.id", "message_change_early.change"]),
        )
        .selectFrom("inserted")
        .select(["inserted.id", "inserted.wa_id"])
        .select(
          sql<
            Array<{ id: number; change: unknown }>
          >`(select coalesce(json_agg(json_build_object('id', early.id, 'change', early.change)), '[]'::json) from early)`.as(
            "early",
          ),
        )
        .executeTakeFirst();
      return row && { id: row.id, waId: row.wa_id, earlyChanges: changesInOrder(row.early) };
    },

    async clearUnread(chatId: number): Promise<void> {
      await db.updateTable("chat").set({ unread_count: 0 }).where("id", "=", chatId).execute();
    },

    /**
     * Applies many reactions, edits and revokes to one chat's messages (a history sync's), one
     * statement per batch of targets instead of one per change. Returns the targets it found.
     */
    async applyChanges(accountId: number, chatJid: string, changes: MessageChange[]): Promise<Set<string>> {
      const found = new Set<string>();
      const targets = [...foldChanges(changes)];
      for (let start = 0; start < targets.length; start += BATCH) {
        const rows = targets
          .slice(start, start + BATCH)
          .map(
            ([waId, fold]) =>
              sql`(${waId}::text, ${fold.reactions && JSON.stringify(fold.reactions)}::jsonb, ${fold.text !== null}::boolean, ${fold.text?.value ?? null}::text, ${fold.editedAt}::timestamptz, ${fold.deletedAt}::timestamptz)`,
          );
        // A reaction taken back is a null in the patch; stored reactions never hold nulls.
        const result = await sql<{ wa_id: string }>`
          with changed as (
            update message as m
            set reactions = case when v.reactions is null then m.reactions
                  else jsonb_strip_nulls(coalesce(m.reactions, '{}'::jsonb) || v.reactions) end,
              text = case when v.sets_text then v.text else m.text end,
              edited_at = coalesce(v.edited_at, m.edited_at),
              deleted_at = coalesce(v.deleted_at, m.deleted_at),
              updated_at = now()
            from (values ${sql.join(rows)}) as v(wa_id, reactions, sets_text, text, edited_at, deleted_at)
            where m.account_id = ${accountId} and m.chat_jid = ${chatJid} and m.wa_id = v.wa_id
            returning m.wa_id, m.chat_id, m.sent_at, m.from_me, v.sets_text, v.text
          ),
          -- The chat list previews the last message: an edit or revoke of it shows there too.
          previews as (
            update chat set last_message_preview = coalesce(changed.text,
                case when changed.from_me then ${deletedPreview(true)} else ${deletedPreview(false)} end)
            from changed
            where changed.sets_text and chat.id = changed.chat_id and chat.last_message_at = changed.sent_at
          )
          select wa_id from changed`.execute(db);
        for (const row of result.rows) found.add(row.wa_id);
      }
      return found;
    },

    /** Applies a reaction, edit or revoke to its target; undefined when the target is not stored. */
    async applyChange(accountId: number, chatJid: string, change: MessageChange) {
      const target = db
        .updateTable("message")
        .where("account_id", "=", accountId)
        .where("chat_jid", "=", chatJid)
        .where("wa_id", "=", change.targetWaId);
      const updated = await (change.kind === "reaction"
        ? target.set({
            reactions:
              change.emoji === null
                ? sql`coalesce(reactions, '{}'::jsonb) - ${change.senderJid}::text`
                : sql`coalesce(reactions, '{}'::jsonb) || jsonb_build_object(${change.senderJid}::text, ${change.emoji}::text)`,
            updated_at: new Date(),
          })
        : change.kind === "edit"
          ? target.set({ text: change.text, edited_at: change.at, updated_at: new Date() })
          : target.set({ text: null, deleted_at: change.at, updated_at: new Date() })
      )
        .returning(["id", "chat_id", "sent_at", "from_me"])
        .executeTakeFirst();
      if (updated && change.kind !== "reaction") {
        // The chat list previews the last message: an edit or revoke of it shows there too. "Last" is
        // "nothing newer", not an equal time: an own send is listed at insert, then stamped by WhatsApp.
        await db
          .updateTable("chat")
          .set({
            last_message_preview: change.kind === "edit" ? change.text : deletedPreview(updated.from_me),
          })
          .where("id", "=", updated.chat_id)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom("message as newer")
                  .select("newer.id")
                  .where("newer.chat_id", "=", updated.chat_id)
                  .where((newer) =>
                    newer(
                      newer.refTuple("newer.sent_at", "newer.id"),
                      ">",
                      newer.tuple(updated.sent_at, updated.id),
                    ),
                  ),
              ),
            ),
          )
          .execute();
      }
      return updated;
    },

    /** Moves own messages forward to `status`; returns the ones that moved. */
    advanceStatus: (accountId: number, waIds: string[], status: "delivered" | "read") =>
      db
        .updateTable("message")
        .set({ status, error: null, updated_at: new Date() })
        .where("account_id", "=", accountId)
        .where("from_me", "=", true)
        .where("wa_id", "in", waIds)
        .where("status", "in", EARLIER_STATUSES[status])
        .returning(["id", "chat_id"])
        .execute(),

    // ---- reading ----

    async listChats(accountId: number, userId: number, filter: ChatFilter) {
      let query = chatRows(userId).where("chat.account_id", "=", accountId);
      if (filter.chatId !== undefined) query = query.where("chat.id", "=", filter.chatId);
      if (filter.unread) query = query.where("chat.unread_count", ">", 0);
      if (filter.contactRefIds)
        query =
          filter.contactRefIds.length > 0
            ? query.where("cw.contact_ref_id", "in", filter.contactRefIds)
            : query.where(sql<SqlBool>`false`);
      if (filter.q) {
        const { q } = filter;
        const pattern = likePattern(q);
        const digits = q.replace(/\D/g, "");
        const refIds = filter.contactRefIdsMatchingQ ?? [];
        query = query.where((eb) =>
          eb.or([
            eb("chat.title", "ilike", pattern),
            eb("cw.full_name", "ilike", pattern),
            eb("cw.push_name", "ilike", pattern),
            eb("cw.business_name", "ilike", pattern),
            ...(digits.length >= 3 ? [eb("cw.phone_e164", "like", likePattern(digits))] : []),
            ...(refIds.length > 0 ? [eb("cw.contact_ref_id", "in", refIds)] : []),
            messageMatches(accountId, q, pattern),
          ]),
        );
      }
      if (filter.cursor) {
        const { cursor } = filter;
        const after: Expression<SqlBool> = sql<SqlBool>`(${rank} > ${cursor.rank} or (${rank} = ${cursor.rank} and (${recency} < coalesce(${cursor.lastMessageAt}::timestamptz, '-infinity'::timestamptz) or (${recency} = coalesce(${cursor.lastMessageAt}::timestamptz, '-infinity'::timestamptz) and chat.id < ${cursor.id}))))`;
        query = query.where(after);
      }
      return query
        .orderBy(rank)
        .orderBy(recency, "desc")
        .orderBy("chat.id", "desc")
        .limit(filter.limit)
        .execute();
    },

    findOwnedChat: (accountId: number, chatId: number) =>
      db
        .selectFrom("chat")
        .select(["id", "jid", "is_group", "unread_count"])
        .where("account_id", "=", accountId)
        .where("id", "=", chatId)
        .executeTakeFirst(),

    /** Messages before `before` (newest first), one more than `limit` to tell if there are more. */
    async messagesBefore(chatId: number, before: { sentAt: Date; id: number } | null, limit: number) {
      let query = messageRows().where("m.chat_id", "=", chatId);
      if (before)
        query = query.where((eb) =>
          eb(eb.refTuple("m.sent_at", "m.id"), "<", eb.tuple(before.sentAt, before.id)),
        );
      return query
        .orderBy("m.sent_at", "desc")
        .orderBy("m.id", "desc")
        .limit(limit + 1)
        .execute();
    },

    findMessage: (chatId: number, messageId: number) =>
      messageRows().where("m.chat_id", "=", chatId).where("m.id", "=", messageId).executeTakeFirst(),

    /** The oldest stored message of a chat: where asking the phone for older ones starts. */
    oldestMessage: (chatId: number) =>
      db
        .selectFrom("message")
        .select(["wa_id", "from_me", "sent_at"])
        .where("chat_id", "=", chatId)
        .where("status", "!=", "pending")
        .orderBy("sent_at", "asc")
        .orderBy("id", "asc")
        .limit(1)
        .executeTakeFirst(),

    /** The newest inbound messages of a chat (the ones to mark read on WhatsApp). */
    latestInbound: (chatId: number, limit: number) =>
      db
        .selectFrom("message")
        .select(["wa_id", "sender_jid"])
        .where("chat_id", "=", chatId)
        .where("from_me", "=", false)
        .orderBy("sent_at", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute(),

    // ---- sending ----

    async insertPending(message: NewOwnMessage): Promise<number> {
      const row = await db
        .insertInto("message")
        .values({
          account_id: message.accountId,
          chat_id: message.chatId,
          chat_jid: message.chatJid,
          wa_id: message.waId,
          from_me: true,
          sender_jid: message.senderJid,
          type: message.media?.type ?? "text",
          text: message.text,
          ...(message.media && {
            media_key: message.media.key,
            media_mime: message.media.mime,
            media_name: message.media.name,
            media_size: message.media.size,
            media_state: "ready" as const,
          }),
          quoted_wa_id: message.quotedWaId,
          status: "pending",
          sent_at: new Date(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** A failed own message goes back to pending for a retry; false when it is not failed (any more). */
    async retryFailed(chatId: number, messageId: number): Promise<boolean> {
      const result = await db
        .updateTable("message")
        .set({ status: "pending", error: null, updated_at: new Date() })
        .where("chat_id", "=", chatId)
        .where("id", "=", messageId)
        .where("from_me", "=", true)
        .where("status", "=", "failed")
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Only from pending: a receipt that already arrived must not be undone. */
    async markSent(messageId: number, sent: { waId: string; at: Date }): Promise<void> {
      await db
        .updateTable("message")
        .set({ status: "sent", wa_id: sent.waId, sent_at: sent.at, updated_at: new Date() })
        .where("id", "=", messageId)
        .where("status", "=", "pending")
        .execute();
    },

    /** Only from pending: a receipt that arrived while we waited proves it went out after all. */
    async markFailed(messageId: number, error: string): Promise<void> {
      await db
        .updateTable("message")
        .set({ status: "failed", error, updated_at: new Date() })
        .where("id", "=", messageId)
        .where("status", "=", "pending")
        .execute();
    },
  };
}

export type ChatsRepo = ReturnType<typeof createChatsRepo>;
export type ChatListRow = Awaited<ReturnType<ChatsRepo["listChats"]>>[number];
export type MessageRow = NonNullable<Awaited<ReturnType<ChatsRepo["findMessage"]>>>;
