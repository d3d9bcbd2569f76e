import type { AuditRecord, AuditRepo } from "../audit/audit.repo.js";
import type { CurrentUser } from "../auth/auth.service.js";
import type { Directory } from "../directory/directory.js";
import type { DashboardRepo } from "./dashboard.repo.js";

const ACTIVITY_LABELS: Record<string, string> = {
  "auth.login": "signed in",
  "auth.logout": "signed out",
  "auth.login_failed": "failed to sign in",
  "user.created": "added a team member",
  "user.updated": "updated a team member",
  "user.password_reset": "reset a password",
  "tag.created": "created a tag",
  "tag.updated": "updated a tag",
  "tag.deleted": "deleted a tag",
  "contact.created": "added a contact",
  "contact.updated": "updated a contact",
  "contact.deleted": "deleted a contact",
};

function summarise(record: AuditRecord): string {
  const label = ACTIVITY_LABELS[record.action] ?? record.action.replace(/[._]/g, " ");
  const name = record.details?.name ?? record.details?.username;
  return typeof name === "string" ? `${label}: ${name}` : label;
}

export function createDashboardService(deps: {
  directory: Directory;
  audit: Pick<AuditRepo, "recent">;
  dashboard: DashboardRepo;
}) {
  return {
    async forUser(user: CurrentUser) {
      const [contacts, tags, users, account, activity] = await Promise.all([
        deps.directory.contacts.count(),
        deps.directory.tags.count(),
        deps.directory.users.list(),
        deps.dashboard.accountSummary(user.id),
        deps.audit.recent(50),
      ]);
      const usernames = new Map(users.map((staff) => [staff.id, staff.username]));
      // Agents see their own activity; administrators see the team's.
      const visible = activity
        .filter((record) => user.role === "admin" || record.userId === user.id)
        .slice(0, 12);
      return {
        counts: {
          contacts,
          tags,
          users: users.filter((staff) => !staff.disabled).length,
          whatsappContacts: account?.whatsappContacts ?? 0,
          chats: account?.chats ?? 0,
          unreadChats: account?.unreadChats ?? 0,
          messages: account?.messages ?? 0,
        },
        whatsapp: { state: account?.state ?? "none", phoneE164: account?.phoneE164 ?? null },
        recentActivity: visible.map((record) => ({
          id: record.id,
          action: record.action,
          summary: summarise(record),
          username: record.userId === null ? null : (usernames.get(record.userId) ?? null),
          createdAt: record.createdAt.toISOString(),
        })),
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
