import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { groupInfoJson } from "../phones/phone.js";
import type { Services } from "../services.js";
import { userOf } from "./auth.js";
import { ok, WuzapiError } from "./envelope.js";
import { requirePhone } from "./logged-in-phone.js";

/** /group/list and /group/info for the phone's groups. */
export function registerGroupRoutes(app: FastifyInstance, services: Services): void {
  app.get("/group/list", async (request, reply) => {
    const user = userOf(request);
    const phone = requirePhone(services, user, "failed to get group list");
    const groups = phone.groups.map(groupInfoJson);
    return ok(reply, { Groups: groups.length > 0 ? groups : null });
  });

  app.get("/group/info", async (request, reply) => {
    const user = userOf(request);
    const query = z.object({ groupJID: z.string().optional() }).catch({}).parse(request.query);
    const phone = requirePhone(services, user, "failed to get group info");
    const groupJid = query.groupJID ?? "";
    if (groupJid === "") throw new WuzapiError(400, "missing groupJID parameter");
    const group = phone.group(groupJid);
    if (!group)
      throw new WuzapiError(500, "failed to get group info: info query returned status 404: item-not-found");
    return ok(reply, groupInfoJson(group));
  });
}
