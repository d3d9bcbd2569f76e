import type { Db } from "../../db/database.js";

export interface AuditEntry {
  userId: number | null;
  action: string;
  targetType?: string;
  targetId?: string | number;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export interface AuditRecord {
  id: number;
  userId: number | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown> | null;
  createdAt: Date;
}

export function createAuditRepo(db: Db) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      await db
        .insertInto("audit_log")
        .values({
          user_id: entry.userId,
          action: entry.action,
          target_type: entry.targetType ?? null,
          target_id: entry.targetId === undefined ? null : String(entry.targetId),
          details: entry.details ? JSON.stringify(entry.details) : null,
          ip: entry.ip ?? null,
        })
        .execute();
    },
    async recent(limit: number): Promise<AuditRecord[]> {
      const rows = await db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(limit).execute();
      return rows.map((row) => ({
        id: row.id,
        userId: row.user_id,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        details: row.details,
        createdAt: row.created_at,
      }));
    },
  };
}

export type AuditRepo = ReturnType<typeof createAuditRepo>;
