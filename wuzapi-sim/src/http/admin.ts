import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Services } from "../services.js";
import { emptyS3Config, type UserRecord } from "../store/user-record.js";
import { isSupportedEventType } from "../webhooks/event-types.js";
import { adminGuard } from "./auth.js";
import { decodeBody, goBool, goInt, goString } from "./decode.js";
import { ok, sendGoJson, WuzapiError } from "./envelope.js";
import { adminUserJson, proxyConfigJson, s3ConfigJson } from "./user-json.js";

const HMAC_MIN_LENGTH = 32;

const userFieldsSchema = z.object({
  name: goString,
  token: goString,
  webhook: goString,
  expiration: goInt,
  events: goString,
  history: goInt,
  hmacKey: goString,
  proxyConfig: z.object({ enabled: goBool, proxyURL: goString }).nullish(),
  // Go field names, matched case-insensitively (accessKey works, access_key does not).
  s3Config: z
    .object({
      Enabled: goBool,
      Endpoint: goString,
      Region: goString,
      Bucket: goString,
      AccessKey: goString,
      SecretKey: goString,
      PathStyle: goBool,
      PublicURL: goString,
      MediaDelivery: goString,
      RetentionDays: goInt,
    })
    .nullish(),
});
type UserFields = z.output<typeof userFieldsSchema>;

/** Events are a comma-separated string here; every name must be known. */
function validateEvents(events: string): void {
  for (const name of events.split(",").map((part) => part.trim())) {
    if (name !== "" && !isSupportedEventType(name)) {
      throw new WuzapiError(400, "invalid event type", { details: `invalid event type: ${name}` });
    }
  }
}

function validateHmacKey(key: string): void {
  if (key !== "" && key.length < HMAC_MIN_LENGTH) {
    throw new WuzapiError(400, "HMAC key must be at least 32 characters long");
  }
}

function s3FromFields(fields: UserFields): UserRecord["s3"] {
  const s3 = fields.s3Config;
  if (!s3) return { ...emptyS3Config };
  return {
    enabled: s3.Enabled,
    endpoint: s3.Endpoint,
    region: s3.Region,
    bucket: s3.Bucket,
    accessKey: s3.AccessKey,
    secretKey: s3.SecretKey,
    pathStyle: s3.PathStyle,
    publicUrl: s3.PublicURL,
    retentionDays: s3.RetentionDays,
  };
}

/** /admin/users: WuzAPI's user management, behind the raw admin token. */
export function registerAdminRoutes(app: FastifyInstance, { context, sessions }: Services): void {
  app.addHook("onRequest", adminGuard(context));

  app.get("/admin/users", async (_request, reply) =>
    ok(
      reply,
      context.users.all().map((user) => adminUserJson(user, sessions.client(user.id))),
    ),
  );

  app.get<{ Params: { id: string } }>("/admin/users/:id", async (request, reply) => {
    const user = context.users.get(request.params.id);
    return ok(reply, user ? [adminUserJson(user, sessions.client(user.id))] : []);
  });

  app.post("/admin/users", async (request, reply) => {
    const fields = decodeBody(request, userFieldsSchema, "invalid request payload");
    validateEvents(fields.events);
    validateHmacKey(fields.hmacKey);
    // The token is checked for uniqueness here only; an empty name or token is accepted.
    if (context.users.byToken(fields.token))
      throw new WuzapiError(409, "user with this token already exists");
    const user: UserRecord = {
      id: randomBytes(16).toString("hex"),
      name: fields.name,
      token: fields.token,
      webhook: fields.webhook,
      jid: "",
      qrcode: "",
      connected: 0,
      expiration: fields.expiration,
      events: fields.events,
      proxyUrl: fields.proxyConfig?.enabled ? fields.proxyConfig.proxyURL : "",
      s3: s3FromFields(fields),
      mediaDelivery: fields.s3Config?.MediaDelivery || "base64",
      history: Math.max(0, fields.history),
      // Stored, but not used for signing until hmac/config or a restart (see EventSink).
      hmacKey: fields.hmacKey || null,
      phone: null,
    };
    context.users.insert(user);
    return ok(
      reply,
      {
        id: user.id,
        name: user.name,
        token: user.token,
        webhook: user.webhook,
        expiration: user.expiration,
        events: user.events,
        proxy_config: proxyConfigJson(user),
        s3_config: s3ConfigJson(user),
        hmac_key: user.hmacKey !== null,
        history: user.history,
      },
      201,
    );
  });

  app.put<{ Params: { id: string } }>("/admin/users/:id", async (request, reply) => {
    const user = context.users.get(request.params.id);
    if (!user) throw new WuzapiError(404, "user not found");
    const fields = decodeBody(request, userFieldsSchema, "invalid request payload");
    // A partial update: empty and zero values mean "leave as is".
    const change: Partial<UserRecord> = {};
    if (fields.name) change.name = fields.name;
    if (fields.token) change.token = fields.token;
    if (fields.webhook) change.webhook = fields.webhook;
    if (fields.events) {
      validateEvents(fields.events);
      change.events = fields.events;
    }
    if (fields.expiration) change.expiration = fields.expiration;
    if (fields.history > 0) change.history = fields.history;
    if (fields.hmacKey) {
      validateHmacKey(fields.hmacKey);
      change.hmacKey = fields.hmacKey;
    }
    if (fields.proxyConfig) change.proxyUrl = fields.proxyConfig.enabled ? fields.proxyConfig.proxyURL : "";
    if (fields.s3Config) {
      change.s3 = s3FromFields(fields);
      if (fields.s3Config.MediaDelivery) change.mediaDelivery = fields.s3Config.MediaDelivery;
    }
    if (Object.keys(change).length === 0) throw new WuzapiError(400, "no fields to update");
    context.users.update(user, change);
    return sendGoJson(reply, 200, { code: 200, message: "user updated successfully", success: true });
  });

  // Leaves the live client and the cached token in place, as WuzAPI does.
  app.delete<{ Params: { id: string } }>("/admin/users/:id", async (request, reply) => {
    const user = context.users.remove(request.params.id);
    if (!user) throw new WuzapiError(404, "user not found");
    return sendGoJson(reply, 200, {
      code: 200,
      data: { id: user.id },
      success: true,
      details: "user deleted successfully",
    });
  });

  app.delete<{ Params: { id: string } }>("/admin/users/:id/full", async (request, reply) => {
    const user = context.users.get(request.params.id);
    if (!user) throw new WuzapiError(404, "user not found");
    const { jid } = user;
    sessions.logout(user);
    context.users.remove(user.id);
    for (const [token, cached] of context.tokenCache)
      if (cached.id === user.id) context.tokenCache.delete(token);
    context.history.forget(user.id);
    context.sink.setSigningKey(user.id, null);
    return sendGoJson(reply, 200, {
      code: 200,
      data: { id: user.id, name: user.name, jid },
      success: true,
      details: "user instance removed completely",
    });
  });
}
