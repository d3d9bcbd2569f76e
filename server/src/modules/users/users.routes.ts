import { z } from "zod";
import { serialIdParam } from "../../http/ids.js";
import { currentUser, requireAdmin } from "../../http/session-auth.js";
import type { App } from "../../http/types.js";
import type { UsersService } from "./users.service.js";

const username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9._-]+$/, "may contain only letters, digits, dots, dashes and underscores");
const fullName = z.string().trim().min(1, "is required").max(120);
const email = z.email().max(254).nullable();
const role = z.enum(["admin", "agent"]);
const password = z.string().min(10, "must be at least 10 characters").max(256);

const createBody = z.object({ username, fullName, email: email.optional(), role, password });
const updateBody = z
  .object({ fullName, email, role, disabled: z.boolean(), password })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "Nothing to change");
const idParams = z.object({ id: serialIdParam });

export function registerUsersRoutes(app: App, deps: { users: UsersService }) {
  app.get("/api/users", { onRequest: requireAdmin }, async () => ({ users: await deps.users.list() }));

  app.post(
    "/api/users",
    { onRequest: requireAdmin, schema: { body: createBody } },
    async (request, reply) => {
      const user = await deps.users.create(currentUser(request), {
        ...request.body,
        email: request.body.email ?? null,
      });
      return reply.status(201).send({ user });
    },
  );

  app.patch(
    "/api/users/:id",
    { onRequest: requireAdmin, schema: { params: idParams, body: updateBody } },
    async (request) => ({
      user: await deps.users.update(
        currentUser(request),
        request.params.id,
        request.body,
        request.sessionToken,
      ),
    }),
  );
}
