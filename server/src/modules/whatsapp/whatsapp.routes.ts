import { z } from "zod";
import { currentUser, requireAdmin, requireUser } from "../../http/session-auth.js";
import type { App } from "../../http/types.js";
import type { Directory } from "../directory/directory.js";
import type { AccountService } from "./account.service.js";

const pairPhoneBody = z.object({ phone: z.string().trim().min(6, "is required").max(32) });

export function registerWhatsappRoutes(app: App, deps: { whatsapp: AccountService; directory: Directory }) {
  const { whatsapp } = deps;

  app.get("/api/whatsapp/account", { onRequest: requireUser }, async (request) => ({
    account: await whatsapp.view(currentUser(request).id),
    demo: whatsapp.demoAvailable,
  }));

  app.post("/api/whatsapp/connect", { onRequest: requireUser }, async (request) => ({
    account: await whatsapp.connect(currentUser(request)),
  }));

  app.post(
    "/api/whatsapp/pair-phone",
    { onRequest: requireUser, schema: { body: pairPhoneBody } },
    async (request) => whatsapp.pairPhone(currentUser(request), request.body.phone),
  );

  app.post("/api/whatsapp/disconnect", { onRequest: requireUser }, async (request) => ({
    account: await whatsapp.disconnect(currentUser(request)),
  }));

  app.post("/api/whatsapp/unlink", { onRequest: requireUser }, async (request) => ({
    account: await whatsapp.unlink(currentUser(request)),
  }));

  if (whatsapp.demoAvailable) {
    app.post("/api/whatsapp/demo-scan", { onRequest: requireUser }, async (request, reply) => {
      await whatsapp.demoScan(currentUser(request));
      return reply.status(202).send({ ok: true });
    });
  }

  /** Every user's number and state for administrators; never anyone's messages. */
  app.get("/api/whatsapp/accounts", { onRequest: requireAdmin }, async () => ({
    accounts: await whatsapp.adminOverview(await deps.directory.users.list()),
  }));
}
