import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Services } from "../services.js";
import { isSupportedEventType } from "../webhooks/event-types.js";
import { userOf } from "./auth.js";
import { decodeBody, goBool, goString, goStringList } from "./decode.js";
import { ok } from "./envelope.js";

/** /webhook: where events go and which ones. Unknown event names are dropped without an error. */
export function registerWebhookRoutes(app: FastifyInstance, { context }: Services): void {
  app.get("/webhook", async (request, reply) => {
    const user = userOf(request);
    // Go's strings.Split: an empty subscription reads as [""].
    return ok(reply, { webhook: user.webhook, subscribe: user.events.split(",") });
  });

  app.post("/webhook", async (request, reply) => {
    const user = userOf(request);
    const body = decodeBody(
      request,
      z.object({ webhookurl: goString, events: goStringList }),
      "could not decode payload",
    );
    const change: { webhook: string; events?: string } = { webhook: body.webhookurl };
    if (body.events.length > 0) change.events = body.events.filter(isSupportedEventType).join(",");
    context.users.update(user, change);
    return ok(reply, { webhook: body.webhookurl });
  });

  app.put("/webhook", async (request, reply) => {
    const user = userOf(request);
    const body = decodeBody(
      request,
      z.object({ webhook: goString, events: goStringList, active: goBool }),
      "could not decode payload",
    );
    const validEvents = body.events.filter(isSupportedEventType);
    // active:false clears the URL.
    const webhook = body.active ? body.webhook : "";
    const change: { webhook: string; events?: string } = { webhook };
    if (body.events.length > 0) change.events = validEvents.join(",");
    context.users.update(user, change);
    return ok(reply, { webhook, events: validEvents.length > 0 ? validEvents : null, active: body.active });
  });

  app.delete("/webhook", async (request, reply) => {
    const user = userOf(request);
    context.users.update(user, { webhook: "", events: "" });
    return ok(reply, { Details: "Webhook and events deleted successfully" });
  });
}
