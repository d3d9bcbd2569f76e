import type { Phone } from "../phones/phone.js";
import type { Services } from "../services.js";
import type { UserRecord } from "../store/user-record.js";
import { WuzapiError } from "./envelope.js";
import { requireClient } from "./session.js";

/**
 * The phone behind a request that needs WhatsApp: "no session" without a client, then the errors
 * whatsmeow gives a client that is not connected or not logged in.
 */
export function requirePhone(services: Services, user: UserRecord, failure: string): Phone {
  const client = requireClient(services, user);
  if (!client.connected) throw new WuzapiError(500, `${failure}: websocket not connected`);
  const phone = client.loggedIn ? services.context.phones.phoneOf(user) : undefined;
  if (!phone) throw new WuzapiError(500, `${failure}: the store doesn't contain a device JID`);
  return phone;
}
