import type { Db } from "../../db/database.js";

export interface SessionRecord {
  userId: number;
  expiresAt: Date;
  lastSeenAt: Date;
}

/** Sessions are stored by the SHA-256 of their token: a leaked table cannot be replayed. */
export function createSessionRepo(db: Db) {
  return {
    async create(session: {
      idHash: string;
      userId: number;
      expiresAt: Date;
      ip: string | null;
      userAgent: string | null;
    }) {
      await db
        .insertInto("session")
        .values({
          id: session.idHash,
          user_id: session.userId,
          expires_at: session.expiresAt,
          ip: session.ip,
          user_agent: session.userAgent,
        })
        .execute();
    },
    async findActive(idHash: string, now: Date): Promise<SessionRecord | null> {
      const row = await db
        .selectFrom("session")
        .select(["user_id", "expires_at", "last_seen_at"])
        .where("id", "=", idHash)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      return row ? { userId: row.user_id, expiresAt: row.expires_at, lastSeenAt: row.last_seen_at } : null;
    },
    async touch(idHash: string, at: Date) {
      await db.updateTable("session").set({ last_seen_at: at }).where("id", "=", idHash).execute();
    },
    async remove(idHash: string) {
      await db.deleteFrom("session").where("id", "=", idHash).execute();
    },
    /** Every session of a user, but for the one whose hash is `keepIdHash` (if given). */
    async removeForUser(userId: number, keepIdHash: string | null = null) {
      let query = db.deleteFrom("session").where("user_id", "=", userId);
      if (keepIdHash) query = query.where("id", "<>", keepIdHash);
      await query.execute();
    },
    async removeExpired(now: Date) {
      const result = await db.deleteFrom("session").where("expires_at", "<=", now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type SessionRepo = ReturnType<typeof createSessionRepo>;
