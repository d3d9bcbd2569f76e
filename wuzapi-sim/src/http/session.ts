import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Services } from "../services.js";
import type { SessionClient } from "../session/sessions.js";
import type { UserRecord } from "../store/user-record.js";
import { unixSeconds } from "../util/go-time.js";
import { normaliseSubscription } from "../webhooks/event-types.js";
import { userOf } from "./auth.js";
import { decodeBody, goBool, goInt, goString, goStringList } from "./decode.js";
import { ok, sendGoJson, WuzapiError } from "./envelope.js";
import { statusJson } from "./user-json.js";

const HMAC_MIN_LENGTH = 32;

/** The in-memory client, or WuzAPI's 500 "no session". */
export function requireClient(services: Services, user: UserRecord, status = 500): SessionClient {
  const client = services.sessions.client(user.id);
  if (!client) throw new WuzapiError(status, "no session");
  return client;
}

function historyQuery(request: FastifyRequest) {
  return z
    .object({
      chat_jid: z.string().optional(),
      oldest_msg_id: z.string().optional(),
      oldest_msg_from_me: z.string().optional(),
      oldest_msg_timestamp: z.string().optional(),
      count: z.string().optional(),
    })
    .catch({})
    .parse(request.query);
}

/** /session/*: connect, QR and pairing, status, disconnect, logout, HMAC and history settings. */
export function registerSessionRoutes(app: FastifyInstance, services: Services): void {
  const { context, sessions } = services;

  app.post("/session/connect", async (request, reply) => {
    const user = userOf(request);
    const body = decodeBody(request, z.object({ Subscribe: goStringList, Immediate: goBool }));
    if (sessions.client(user.id)?.connected) throw new WuzapiError(500, "already connected");
    const { jid, webhook } = user;
    // Subscribe overwrites the stored events; unknown names are dropped.
    const events = normaliseSubscription(body.Subscribe);
    context.users.update(user, { events });
    sessions.start(user);
    if (!body.Immediate) {
      await context.timers.sleep(context.options.timings.connectWaitMs);
      const client = sessions.client(user.id);
      if (!client) throw new WuzapiError(500, "failed to connect");
      if (!client.connected) throw new WuzapiError(500, "failed to Connect");
    }
    return ok(reply, { details: "Connected!", events, jid, webhook });
  });

  app.get("/session/qr", async (request, reply) => {
    const user = userOf(request);
    const client = requireClient(services, user);
    if (!client.connected) throw new WuzapiError(500, "not connected");
    if (client.loggedIn) throw new WuzapiError(500, "already logged in");
    return ok(reply, { QRCode: user.qrcode });
  });

  app.post("/session/pairphone", async (request, reply) => {
    const user = userOf(request);
    const client = requireClient(services, user);
    const body = decodeBody(request, z.object({ Phone: goString }));
    if (body.Phone === "") throw new WuzapiError(400, "missing Phone in Payload");
    if (client.loggedIn) throw new WuzapiError(400, "already paired");
    // whatsmeow's PairPhone checks.
    const digits = body.Phone.replace(/\D/g, "");
    if (digits.length <= 6) throw new WuzapiError(400, "phone number too short");
    if (digits.startsWith("0")) throw new WuzapiError(400, "international phone number required");
    return ok(reply, { LinkingCode: sessions.pairPhone(client, body.Phone) });
  });

  app.get("/session/status", async (request, reply) => {
    const user = userOf(request);
    return ok(reply, statusJson(user, sessions.client(user.id)));
  });

  app.post("/session/disconnect", async (request, reply) => {
    const user = userOf(request);
    const client = requireClient(services, user);
    if (!client.connected) throw new WuzapiError(500, "cannot disconnect because it is not logged in");
    sessions.disconnect(user);
    return ok(reply, { Details: "Disconnected" });
  });

  app.post("/session/logout", async (request, reply) => {
    const user = userOf(request);
    const client = requireClient(services, user);
    if (!client.loggedIn || !client.connected) {
      throw new WuzapiError(
        500,
        client.connected
          ? "could not logout as it was not logged in"
          : "could not disconnect as it was not connected",
      );
    }
    sessions.logout(user);
    return ok(reply, { Details: "Logged out" });
  });

  // The HMAC endpoints answer bare JSON, outside the usual envelope.
  app.post("/session/hmac/config", async (request, reply) => {
    const user = userOf(request);
    const body = decodeBody(request, z.object({ hmac_key: goString }));
    if (body.hmac_key.length < HMAC_MIN_LENGTH) {
      throw new WuzapiError(400, "HMAC key must be at least 32 characters long");
    }
    context.users.update(user, { hmacKey: body.hmac_key });
    context.sink.setSigningKey(user.id, body.hmac_key);
    return sendGoJson(reply, 200, { Details: "HMAC configuration saved successfully" });
  });

  app.get("/session/hmac/config", async (request, reply) => {
    const user = userOf(request);
    return sendGoJson(reply, 200, { hmac_key: user.hmacKey ? "***" : "" });
  });

  app.delete("/session/hmac/config", async (request, reply) => {
    const user = userOf(request);
    context.users.update(user, { hmacKey: null });
    context.sink.setSigningKey(user.id, null);
    return sendGoJson(reply, 200, { Details: "HMAC configuration deleted successfully" });
  });

  app.post("/session/history", async (request, reply) => {
    const user = userOf(request);
    requireClient(services, user, 400);
    const body = decodeBody(request, z.object({ history: goInt.pipe(z.number().nonnegative()) }));
    context.users.update(user, { history: body.history });
    return ok(reply, { Details: "History configured successfully", History: body.history });
  });

  // Asks the phone for older messages; they arrive later as an ON_DEMAND HistorySync.
  app.get("/session/history", async (request, reply) => {
    const user = userOf(request);
    requireClient(services, user);
    const query = historyQuery(request);
    const parsedCount = Number.parseInt(query.count ?? "", 10);
    const count = Number.isFinite(parsedCount) && parsedCount > 0 ? parsedCount : 50;
    const chatJid = query.chat_jid ?? "";
    const oldestMs = Number.parseInt(query.oldest_msg_timestamp ?? "", 10);
    const beforeMs = Number.isFinite(oldestMs) ? oldestMs : Date.now() - 60 * 86_400_000;
    const phone = services.sessions.online(user.id) ? context.phones.phoneOf(user) : undefined;
    if (!phone) throw new WuzapiError(500, "Failed to request history sync.");
    if (chatJid !== "") {
      context.timers.after(context.options.timings.receiptDelayMs, () => {
        if (services.sessions.online(user.id))
          services.historySync.onDemand(user, phone, chatJid, count, beforeMs);
      });
    }
    return ok(reply, {
      details: "History sync request Sent",
      timestamp: unixSeconds(),
      count,
      chat_jid: chatJid,
      oldest_msg_id: query.oldest_msg_id ?? "",
      oldest_msg_from_me: query.oldest_msg_from_me === "true",
      oldest_msg_timestamp: Number.isFinite(oldestMs) ? oldestMs : 0,
    });
  });
}
