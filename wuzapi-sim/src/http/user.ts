import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Contact } from "../phones/contacts.js";
import { isKnownOnWhatsapp, resolveCorrespondent } from "../phones/correspondents.js";
import type { Services } from "../services.js";
import { digitsOf, parseRecipient, phoneJid } from "../util/jid.js";
import { hashString } from "../util/random.js";
import { userOf } from "./auth.js";
import { decodeBody, goBool, goString, goStringList } from "./decode.js";
import { ok, sendGoJson, WuzapiError } from "./envelope.js";
import { requirePhone } from "./logged-in-phone.js";
import { requireClient } from "./session.js";

function contactJson(contact: Contact): Record<string, unknown> {
  const saved = contact.fullName !== "";
  return {
    Found: true,
    FirstName: saved ? (contact.fullName.split(" ")[0] ?? "") : "",
    FullName: contact.fullName,
    PushName: contact.pushName,
    BusinessName: contact.businessName,
    // LID-only contacts come with a masked number.
    RedactedPhone:
      contact.addressing === "lid" ? `+${contact.number.slice(0, 2)}∙∙∙∙∙∙∙∙${contact.number.slice(-2)}` : "",
  };
}

/** Whether a contact has a profile picture (most do; landlines and unknown numbers do not). */
function hasAvatar(contact: Contact, known: boolean): boolean {
  return known && contact.kind !== "landline" && hashString(contact.number) % 5 !== 0;
}

/** /user/*: contacts, WhatsApp lookups, avatars, presence and LID mapping. */
export function registerUserRoutes(app: FastifyInstance, services: Services): void {
  const { context } = services;

  app.get("/user/contacts", async (request, reply) => {
    const user = userOf(request);
    requireClient(services, user);
    const phone = services.sessions.online(user.id) ? context.phones.phoneOf(user) : undefined;
    const contacts: Record<string, unknown> = {};
    for (const contact of phone?.contacts ?? [])
      contacts[phone?.chatJidOf(contact) ?? contact.jid] = contactJson(contact);
    return ok(reply, contacts);
  });

  app.post("/user/check", async (request, reply) => {
    const user = userOf(request);
    requireClient(services, user);
    const body = decodeBody(request, z.object({ Phone: goStringList }));
    if (body.Phone.length < 1) throw new WuzapiError(400, "missing Phone in Payload");
    const phone = requirePhone(services, user, "failed to check if users are on WhatsApp");
    const users = context.users.all();
    const results = body.Phone.map((query) => {
      const contact = resolveCorrespondent(phone, query, users);
      const known = isKnownOnWhatsapp(phone, contact, users);
      return {
        Query: query,
        IsInWhatsapp: known,
        JID: known ? contact.jid : phoneJid(digitsOf(query)),
        VerifiedName: known ? contact.businessName : "",
      };
    });
    return ok(reply, { Users: results });
  });

  app.post("/user/info", async (request, reply) => {
    const user = userOf(request);
    requireClient(services, user);
    const body = decodeBody(request, z.object({ Phone: goStringList }));
    if (body.Phone.length < 1) throw new WuzapiError(400, "missing Phone in Payload");
    // A bare number parses as a server name and GetUserInfo fails; WuzAPI then answers with no data.
    if (body.Phone.some((jid) => !jid.includes("@")))
      return sendGoJson(reply, 500, { code: 500, success: true });
    const phone = requirePhone(services, user, "failed to get user info");
    const users = context.users.all();
    const infos: Record<string, unknown> = {};
    for (const jid of body.Phone) {
      const contact = resolveCorrespondent(phone, jid, users);
      const known = isKnownOnWhatsapp(phone, contact, users);
      infos[jid] = {
        VerifiedName: contact.businessName
          ? { Certificate: null, Details: { verifiedName: contact.businessName } }
          : null,
        Status: known ? "Hey there! I am using WhatsApp." : "",
        PictureID: hasAvatar(contact, known) ? String(hashString(contact.number)) : "",
        Devices: known
          ? [contact.jid, `${contact.number}:${1 + (hashString(contact.number) % 20)}@s.whatsapp.net`]
          : [],
        LID: known ? contact.lid : "",
      };
    }
    return ok(reply, { Users: infos });
  });

  app.post("/user/avatar", async (request, reply) => {
    const user = userOf(request);
    requireClient(services, user);
    const body = decodeBody(request, z.object({ Phone: goString, Preview: goBool }));
    if (body.Phone.length < 1) throw new WuzapiError(400, "missing Phone in Payload");
    const jid = parseRecipient(body.Phone);
    if (!jid) throw new WuzapiError(400, "could not parse Phone");
    const phone = requirePhone(services, user, "failed to get avatar");
    const users = context.users.all();
    const contact = resolveCorrespondent(phone, jid, users);
    if (!hasAvatar(contact, isKnownOnWhatsapp(phone, contact, users)))
      throw new WuzapiError(500, "no avatar found");
    const id = String(hashString(contact.number));
    const size = body.Preview ? "preview" : "image";
    return ok(reply, {
      // Served by the simulator itself so demo avatars load without reaching WhatsApp's CDN.
      url: `${request.protocol}://${request.host}/_sim/avatars/${contact.number}.png?type=${size}`,
      id,
      type: size,
      direct_path: `/v/t61.24694-24/${id}_n.jpg`,
      hash: "",
    });
  });

  app.post("/user/presence", async (request, reply) => {
    const user = userOf(request);
    requireClient(services, user);
    const body = decodeBody(request, z.object({ type: goString }));
    if (body.type !== "available" && body.type !== "unavailable") {
      throw new WuzapiError(400, "invalid presence type. Allowed values: 'available', 'unavailable'");
    }
    return ok(reply, { Details: "Presence set successfuly" });
  });

  app.get<{ Params: { jid: string } }>("/user/lid/:jid", async (request, reply) => {
    const user = userOf(request);
    const phone = requirePhone(services, user, "failed to get LID");
    const reference = request.params.jid;
    const users = context.users.all();
    const contact = resolveCorrespondent(phone, reference, users);
    if (!isKnownOnWhatsapp(phone, contact, users)) throw new WuzapiError(404, "lid not found");
    return ok(reply, { jid: contact.jid, lid: contact.lid });
  });
}
