import { z } from "zod";
import { serialIdParam } from "../../http/ids.js";
import { currentUser, requireAdmin, requireUser } from "../../http/session-auth.js";
import type { App } from "../../http/types.js";
import type { TagsService } from "./tags.service.js";

const name = z.string().trim().min(1, "is required").max(64);
const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #1677ff")
  .transform((value) => value.toLowerCase());
const idParams = z.object({ id: serialIdParam });
const updateBody = z
  .object({ name, color })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "Nothing to change");

export function registerTagsRoutes(app: App, deps: { tags: TagsService }) {
  app.get("/api/tags", { onRequest: requireUser }, async () => ({ tags: await deps.tags.list() }));

  app.post(
    "/api/tags",
    { onRequest: requireAdmin, schema: { body: z.object({ name, color }) } },
    async (request, reply) => {
      const tag = await deps.tags.create(currentUser(request), request.body);
      return reply.status(201).send({ tag });
    },
  );

  app.patch(
    "/api/tags/:id",
    { onRequest: requireAdmin, schema: { params: idParams, body: updateBody } },
    async (request) => ({
      tag: await deps.tags.update(currentUser(request), request.params.id, request.body),
    }),
  );

  app.delete(
    "/api/tags/:id",
    { onRequest: requireAdmin, schema: { params: idParams } },
    async (request, reply) => {
      await deps.tags.remove(currentUser(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
