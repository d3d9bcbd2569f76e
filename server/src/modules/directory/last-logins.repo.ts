import type { Db } from "../../db/database.js";

/**
 * Last sign-ins from Parley's own audit log, for a directory schema with no column for them
 * (the organisation's `user_ref`). Read once per user; the directory keeps them current after that.
 */
export function createAuditLastLogins(db: Db) {
  return async (userIds: number[]): Promise<Map<number, Date>> => {
    if (userIds.length === 0) return new Map();
    const rows = await db
      .selectFrom("audit_log")
      .select(["user_id", (eb) => eb.fn.max("created_at").as("at")])
      .where("action", "=", "auth.login")
      .where("user_id", "in", userIds)
      .groupBy("user_id")
      .execute();
    return new Map(
      rows.flatMap((row) => (row.user_id === null ? [] : [[row.user_id, new Date(row.at)] as const])),
    );
  };
}
