import { z } from "zod";
import { bigserialIdParam, serialId } from "../../http/ids.js";
import { currentUser, requireUser } from "../../http/session-auth.js";
import type { App } from "../../http/types.js";
import { contactFields } from "./contacts.routes.js";
import type { WhatsappContactsService } from "./whatsapp-contacts.service.js";

const listQuery = z.object({
  q: z.string().trim().max(100).optional(),
  match: z.enum(["all", "matched", "variant", "ambiguous", "unmatched", "groups"]).default("all"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
const idParams = z.object({ id: bigserialIdParam });
const linkBody = z.object({ contactRefId: serialId });
const addBody = z.object({
  name: contactFields.name,
  company: contactFields.company.default(null),
  email: contactFields.email.default(null),
  tagId: contactFields.tagId.default(null),
  notes: contactFields.notes.default(null),
});

/** The signed-in user's own WhatsApp contacts and their matches with the contact book. */
export function registerWhatsappContactsRoutes(
  app: App,
  deps: {
    whatsappContacts: WhatsappContactsService;
    accounts: { findByUserId(id: number): Promise<{ id: number } | undefined> };
  },
) {
  const service = deps.whatsappContacts;

  app.get(
    "/api/whatsapp/contacts",
    { onRequest: requireUser, schema: { querystring: listQuery } },
    async (request) => {
      const { page, pageSize, q, match } = request.query;
      const result = await service.list(currentUser(request), {
        q: q || undefined,
        match,
        offset: (page - 1) * pageSize,
        limit: pageSize,
      });
      return { ...result, page, pageSize };
    },
  );

  app.get("/api/contacts/match-report", { onRequest: requireUser }, async (request) => ({
    counts: await service.report(currentUser(request)),
  }));

  app.post("/api/whatsapp/contacts/sync", { onRequest: requireUser }, async (request, reply) => {
    const account = await deps.accounts.findByUserId(currentUser(request).id);
    if (account)
      void service
        .pullAddressBook(account.id)
        .catch((error) => request.log.warn({ err: error }, "contact pull failed"));
    return reply.status(202).send({ ok: account !== undefined });
  });

  app.post(
    "/api/whatsapp/contacts/:id/link",
    { onRequest: requireUser, schema: { params: idParams, body: linkBody } },
    async (request, reply) => {
      await service.link(currentUser(request), request.params.id, request.body.contactRefId);
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/whatsapp/contacts/:id/unlink",
    { onRequest: requireUser, schema: { params: idParams } },
    async (request, reply) => {
      await service.unlink(currentUser(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/whatsapp/contacts/:id/add-to-book",
    { onRequest: requireUser, schema: { params: idParams, body: addBody } },
    async (request, reply) => {
      const contact = await service.addToBook(currentUser(request), request.params.id, request.body);
      return reply.status(201).send({ contact });
    },
  );
}
