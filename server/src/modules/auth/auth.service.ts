import { createHash, randomBytes } from "node:crypto";
import type { Config } from "../../config.js";
import { AttemptLimiter } from "../../lib/attempt-limiter.js";
import { RateLimitedError, UnauthorizedError } from "../../lib/errors.js";
import { burnPasswordCheck, checkPassword, hashPassword } from "../../lib/password.js";
import type { AuditRepo } from "../audit/audit.repo.js";
import type { Directory, DirectoryUser } from "../directory/directory.js";
import type { SessionRepo } from "./session.repo.js";

export interface CurrentUser {
  id: number;
  username: string;
  fullName: string;
  email: string | null;
  role: "admin" | "agent";
}

export const toCurrentUser = (user: DirectoryUser): CurrentUser => ({
  id: user.id,
  username: user.username,
  fullName: user.fullName,
  email: user.email,
  role: user.role,
});

export interface AuthServiceDeps {
  directory: Pick<Directory, "users">;
  sessions: SessionRepo;
  audit: Pick<AuditRepo, "record">;
  config: Pick<Config, "session" | "login">;
  now?: () => Date;
}

// last_seen_at is written at most this often, not on every request.
const TOUCH_INTERVAL_MS = 60_000;

export const hashSessionToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function createAuthService(deps: AuthServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const clock = () => now().getTime();
  const perUser = new AttemptLimiter(deps.config.login.maxPerUser, deps.config.login.windowMs, clock);
  const perIp = new AttemptLimiter(deps.config.login.maxPerIp, deps.config.login.windowMs, clock);
  const invalid = () => new UnauthorizedError("Wrong username or password", "invalid_credentials");

  return {
    /** Signs in; the session the browser held before (if any) ends, so a planted or old id is never reused. */
    async login(input: {
      username: string;
      password: string;
      ip: string;
      userAgent: string | null;
      previousToken: string | null;
    }) {
      const userKey = input.username.toLowerCase();
      const wait = Math.max(perUser.retryAfterSeconds(userKey), perIp.retryAfterSeconds(input.ip));
      if (wait > 0)
        throw new RateLimitedError(wait, `Too many failed sign-ins. Try again in ${wait} seconds.`);

      const user = await deps.directory.users.findByUsername(input.username);
      const check = user ? await checkPassword(user.passwordHash, input.password) : null;
      if (!user) await burnPasswordCheck(input.password);
      if (!user || !check?.ok || user.disabled) {
        perUser.fail(userKey);
        perIp.fail(input.ip);
        await deps.audit.record({
          userId: user?.id ?? null,
          action: "auth.login_failed",
          details: {
            username: input.username.slice(0, 64),
            reason: user?.disabled ? "disabled" : "credentials",
          },
          ip: input.ip,
        });
        throw invalid();
      }
      perUser.reset(userKey);
      if (check.needsRehash)
        await deps.directory.users.update(user.id, { passwordHash: await hashPassword(input.password) });

      const token = randomBytes(32).toString("base64url");
      const at = now();
      await deps.sessions.create({
        idHash: hashSessionToken(token),
        userId: user.id,
        expiresAt: new Date(at.getTime() + deps.config.session.ttlMs),
        ip: input.ip,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      });
      if (input.previousToken) await deps.sessions.remove(hashSessionToken(input.previousToken));
      await deps.directory.users.recordLogin(user.id, at);
      await deps.audit.record({ userId: user.id, action: "auth.login", ip: input.ip });
      return {
        token,
        user: toCurrentUser(user),
        expiresAt: new Date(at.getTime() + deps.config.session.ttlMs),
      };
    },

    /** The user behind a session token, or null when the session is unknown, expired or the user is disabled. */
    async authenticate(token: string): Promise<CurrentUser | null> {
      const idHash = hashSessionToken(token);
      const at = now();
      const session = await deps.sessions.findActive(idHash, at);
      if (!session) return null;
      const user = await deps.directory.users.findById(session.userId);
      if (!user || user.disabled) return null;
      if (at.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS)
        await deps.sessions.touch(idHash, at);
      return toCurrentUser(user);
    },

    async logout(token: string, userId: number, ip: string) {
      await deps.sessions.remove(hashSessionToken(token));
      await deps.audit.record({ userId, action: "auth.logout", ip });
    },

    /** Ends every session of a user (disabled, password reset), except `keepToken`'s if given. */
    revokeAll: (userId: number, keepToken: string | null = null) =>
      deps.sessions.removeForUser(userId, keepToken ? hashSessionToken(keepToken) : null),
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
