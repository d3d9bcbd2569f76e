import { isUniqueViolation } from "../../db/errors.js";
import { AppError, ConflictError, NotFoundError } from "../../lib/errors.js";
import { hashPassword } from "../../lib/password.js";
import type { AuditRepo } from "../audit/audit.repo.js";
import type { AuthService, CurrentUser } from "../auth/auth.service.js";
import type { Directory, DirectoryUser } from "../directory/directory.js";

export interface StaffUser {
  id: number;
  username: string;
  fullName: string;
  email: string | null;
  role: "admin" | "agent";
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

const present = (user: DirectoryUser): StaffUser => ({
  id: user.id,
  username: user.username,
  fullName: user.fullName,
  email: user.email,
  role: user.role,
  disabled: user.disabled,
  createdAt: user.createdAt.toISOString(),
  lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
});

export interface UsersServiceDeps {
  directory: Pick<Directory, "users">;
  audit: Pick<AuditRepo, "record">;
  auth: Pick<AuthService, "revokeAll">;
}

export function createUsersService(deps: UsersServiceDeps) {
  const { users } = deps.directory;
  return {
    async list(): Promise<StaffUser[]> {
      return (await users.list()).map(present);
    },

    async create(
      actor: CurrentUser,
      input: {
        username: string;
        fullName: string;
        email: string | null;
        role: "admin" | "agent";
        password: string;
      },
    ): Promise<StaffUser> {
      if (await users.findByUsername(input.username)) throw usernameTaken();
      try {
        const user = await users.create({
          username: input.username,
          fullName: input.fullName,
          email: input.email,
          role: input.role,
          passwordHash: await hashPassword(input.password),
        });
        await deps.audit.record({
          userId: actor.id,
          action: "user.created",
          targetType: "user",
          targetId: user.id,
          details: { username: user.username, role: user.role },
        });
        return present(user);
      } catch (error) {
        if (isUniqueViolation(error)) throw usernameTaken();
        throw error;
      }
    },

    /** `actorSession`: the administrator's own session, kept when they change their own password. */
    async update(
      actor: CurrentUser,
      id: number,
      patch: {
        fullName?: string;
        email?: string | null;
        role?: "admin" | "agent";
        disabled?: boolean;
        password?: string;
      },
      actorSession: string | null = null,
    ): Promise<StaffUser> {
      if (!(await users.findById(id))) throw new NotFoundError("No such user", "user_not_found");
      if (
        id === actor.id &&
        (patch.disabled === true || (patch.role !== undefined && patch.role !== "admin"))
      ) {
        throw new AppError(
          400,
          "cannot_modify_self",
          "You cannot disable yourself or remove your own administrator role",
        );
      }
      const updated = await users.update(id, {
        ...(patch.fullName !== undefined && { fullName: patch.fullName }),
        ...(patch.email !== undefined && { email: patch.email }),
        ...(patch.role !== undefined && { role: patch.role }),
        ...(patch.disabled !== undefined && { disabled: patch.disabled }),
        ...(patch.password !== undefined && { passwordHash: await hashPassword(patch.password) }),
      });
      if (!updated) throw new NotFoundError("No such user", "user_not_found");
      // A disabled account or a new password must not leave old sessions signed in; changing my
      // own password keeps only the session I changed it from.
      if (patch.disabled === true || patch.password !== undefined)
        await deps.auth.revokeAll(id, id === actor.id ? actorSession : null);
      const { password: _password, ...changed } = patch;
      await deps.audit.record({
        userId: actor.id,
        action: patch.password !== undefined ? "user.password_reset" : "user.updated",
        targetType: "user",
        targetId: id,
        details: { username: updated.username, ...changed },
      });
      return present(updated);
    },
  };
}

const usernameTaken = () => new ConflictError("That username is already taken", "username_taken");

export type UsersService = ReturnType<typeof createUsersService>;
