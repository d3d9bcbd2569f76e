import type { UserRecord } from "../store/user-record.js";
import { digitsOf, jidServer, jidUser, lidJid, phoneJid } from "../util/jid.js";
import { type Contact, derivedLid, whatsappNumberVariants } from "./contacts.js";
import type { Phone } from "./phone.js";

/**
 * Resolves whoever a phone talks to: a contact in its address book (also when the number is typed in
 * another national format), another simulator user, or an unknown number.
 */
export function resolveCorrespondent(phone: Phone, reference: string, users: readonly UserRecord[]): Contact {
  if (jidServer(reference) === "lid") {
    const known = phone.contact(reference);
    if (known) return known;
    const lid = jidUser(reference);
    const user = users.find((candidate) => candidate.phone?.lid === lid);
    if (user?.phone) return userContact(user);
    return unknownContact(lid, lid);
  }
  const digits = digitsOf(reference);
  for (const number of whatsappNumberVariants(digits)) {
    const known = phone.contact(number);
    if (known) return known;
    const user = users.find((candidate) => candidate.phone?.number === number);
    if (user?.phone) return userContact(user);
  }
  return unknownContact(digits);
}

/** Another simulator user as seen from a phone that does not have them saved. */
export function userContact(user: UserRecord): Contact {
  const identity = user.phone;
  if (!identity) throw new Error("user has no phone");
  return {
    number: identity.number,
    jid: phoneJid(identity.number),
    lid: lidJid(identity.lid),
    fullName: "",
    pushName: identity.pushName,
    businessName: "",
    kind: "generated",
    bot: false,
    addressing: "pn",
  };
}

function unknownContact(number: string, lid = derivedLid(number)): Contact {
  return {
    number,
    jid: phoneJid(number),
    lid: lidJid(lid),
    fullName: "",
    pushName: "",
    businessName: "",
    kind: "generated",
    bot: false,
    addressing: "pn",
  };
}

/** Whether WhatsApp knows the number: IsOnWhatsApp answers this for /user/check. */
export function isKnownOnWhatsapp(phone: Phone, contact: Contact, users: readonly UserRecord[]): boolean {
  return phone.contacts.includes(contact) || users.some((user) => user.phone?.number === contact.number);
}
