import { z } from "zod";
import { serialId, serialIdParam } from "../../http/ids.js";
import { currentUser, requireUser } from "../../http/session-auth.js";
import type { App } from "../../http/types.js";
import type { ContactsService } from "./contacts.service.js";

/** Optional text: trimmed, and blank means "none". */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((value) => (value === "" ? null : value));

export const contactFields = {
  name: z.string().trim().min(1, "is required").max(160),
  company: optionalText(160),
  email: z
    .union([z.email().max(254), z.literal("")])
    .nullable()
    .transform((value) => (value === "" ? null : value)),
  phone: optionalText(64),
  tagId: serialId.nullable(),
  notes: optionalText(4000),
};

const createBody = z.object({
  name: contactFields.name,
  company: contactFields.company.default(null),
  email: contactFields.email.default(null),
  phone: contactFields.phone.default(null),
  tagId: contactFields.tagId.default(null),
  notes: contactFields.notes.default(null),
});
const updateBody = z
  .object(contactFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "Nothing to change");
const idParams = z.object({ id: serialIdParam });
const phoneCheckQuery = z.object({
  phone: z.string().max(64),
  exceptId: serialIdParam.optional(),
});
const listQuery = z.object({
  q: z.string().trim().max(100).optional(),
  tagId: serialIdParam.optional(),
  sort: z.enum(["name", "-name", "company", "-company", "updatedAt", "-updatedAt"]).default("name"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function registerContactsRoutes(app: App, deps: { contacts: ContactsService }) {
  app.get(
    "/api/contacts",
    { onRequest: requireUser, schema: { querystring: listQuery } },
    async (request) => {
      const { page, pageSize, q, tagId, sort } = request.query;
      const result = await deps.contacts.search({
        q: q || undefined,
        tagId,
        sort,
        offset: (page - 1) * pageSize,
        limit: pageSize,
      });
      return { ...result, page, pageSize };
    },
  );

  app.get(
    "/api/contacts/phone-check",
    { onRequest: requireUser, schema: { querystring: phoneCheckQuery } },
    async (request) => deps.contacts.checkPhone(request.query.phone, request.query.exceptId ?? null),
  );

  app.get("/api/contacts/:id", { onRequest: requireUser, schema: { params: idParams } }, async (request) => ({
    contact: await deps.contacts.get(request.params.id),
  }));

  app.post(
    "/api/contacts",
    { onRequest: requireUser, schema: { body: createBody } },
    async (request, reply) => {
      const contact = await deps.contacts.create(currentUser(request), request.body);
      return reply.status(201).send({ contact });
    },
  );

  app.patch(
    "/api/contacts/:id",
    { onRequest: requireUser, schema: { params: idParams, body: updateBody } },
    async (request) => ({
      contact: await deps.contacts.update(currentUser(request), request.params.id, request.body),
    }),
  );

  app.delete(
    "/api/contacts/:id",
    { onRequest: requireUser, schema: { params: idParams } },
    async (request, reply) => {
      await deps.contacts.remove(currentUser(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
