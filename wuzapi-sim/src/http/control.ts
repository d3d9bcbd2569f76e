import type { FastifyInstance, FastifyRequest } from "fastify";
import type { SimulatorControl } from "../control.js";
import { samplePng } from "../phones/sample-media.js";
import type { Services } from "../services.js";
import { hashString } from "../util/random.js";
import { adminGuard } from "./auth.js";
import { rawBody } from "./decode.js";
import { ok, WuzapiError } from "./envelope.js";

type UserParams = { Params: { wuzapiUserId: string } };

function jsonBody(request: FastifyRequest): unknown {
  const text = rawBody(request);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new WuzapiError(400, "body is not valid JSON");
  }
}

/** /_sim/*: the control API (admin token required), mirroring `simulator.control`. */
export function registerControlRoutes(
  app: FastifyInstance,
  services: Services,
  control: SimulatorControl,
): void {
  app.addHook("onRequest", adminGuard(services.context));

  app.post<UserParams>("/_sim/users/:wuzapiUserId/scan", async (request, reply) =>
    ok(reply, control.scan(request.params.wuzapiUserId, jsonBody(request) as never)),
  );
  app.post<UserParams>("/_sim/users/:wuzapiUserId/inbound", async (request, reply) =>
    ok(reply, control.inbound(request.params.wuzapiUserId, jsonBody(request) as never)),
  );
  app.post<UserParams>("/_sim/users/:wuzapiUserId/phone-send", async (request, reply) =>
    ok(reply, control.phoneSend(request.params.wuzapiUserId, jsonBody(request) as never)),
  );
  app.post<UserParams>("/_sim/users/:wuzapiUserId/unlink", async (request, reply) => {
    control.unlink(request.params.wuzapiUserId);
    return ok(reply, { Details: "Unlinked" });
  });
  app.post<UserParams>("/_sim/users/:wuzapiUserId/history-sync", async (request, reply) =>
    ok(reply, await control.historySync(request.params.wuzapiUserId, jsonBody(request) as never)),
  );
  app.post<UserParams>("/_sim/users/:wuzapiUserId/drop", async (request, reply) => {
    control.drop(request.params.wuzapiUserId);
    return ok(reply, { Details: "Dropped" });
  });
  app.post<UserParams>("/_sim/users/:wuzapiUserId/typing", async (request, reply) => {
    control.typing(request.params.wuzapiUserId, jsonBody(request) as never);
    return ok(reply, { Details: "Sent" });
  });
  app.get<UserParams>("/_sim/users/:wuzapiUserId", async (request, reply) =>
    ok(reply, control.user(request.params.wuzapiUserId)),
  );
  app.post("/_sim/faults", async (request, reply) => ok(reply, control.faults(jsonBody(request) as never)));
  app.get("/_sim/stats", async (_request, reply) => ok(reply, services.context.dispatcher.stats()));
}

/**
 * Profile pictures for the URLs /user/avatar returns. Public, like WhatsApp's picture CDN, so whoever got
 * the URL can load it.
 */
export function registerAvatarRoute(app: FastifyInstance): void {
  app.get<{ Params: { file: string } }>("/_sim/avatars/:file", async (request, reply) => {
    const match = /^(\d{6,15})\.png$/.exec(request.params.file);
    if (!match?.[1]) throw new WuzapiError(404, "no avatar found");
    const hash = hashString(match[1]);
    const colour = [hash & 0xff, (hash >> 8) & 0xff, (hash >> 16) & 0xff] as const;
    return reply.type("image/png").send(samplePng(colour, 96));
  });
}
