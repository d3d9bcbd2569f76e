import { jidToE164 } from "../../lib/phone.js";
import type { SeenContact } from "./whatsapp-contacts.repo.js";

type Json = Record<string, unknown>;
const text = (value: unknown): string | null =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : null;
const record = (value: unknown): Json => (typeof value === "object" && value !== null ? (value as Json) : {});

/** The bare JID: no device (`:12`) part, lowercase. */
export function bareJid(jid: string): string {
  const [user = "", server = ""] = jid.trim().toLowerCase().split("@");
  return `${user.split(":")[0]}@${server}`;
}

const isLid = (jid: string) => jid.endsWith("@lid");
const isGroup = (jid: string) => jid.endsWith("@g.us");
const isPerson = (jid: string) => jid.endsWith("@s.whatsapp.net") || isLid(jid);

/**
 * One person from a pair of identities: a phone JID and/or a LID. With a phone JID the contact is
 * keyed by it and remembers the LID; with only a LID it is a placeholder keyed by the LID, merged
 * into the phone-JID contact once the phone number turns up.
 */
function person(
  first: string | null,
  second: string | null,
  fields: Omit<SeenContact, "jid" | "isGroup">,
): SeenContact | null {
  const ids = [first, second].filter((jid): jid is string => jid !== null && isPerson(jid)).map(bareJid);
  const phoneJid = ids.find((jid) => !isLid(jid));
  const lid = ids.find(isLid) ?? null;
  const jid = phoneJid ?? lid;
  if (!jid) return null;
  return { ...fields, jid, lid, phoneE164: phoneJid ? jidToE164(phoneJid) : null, isGroup: false };
}

/** Entries of `GET /user/contacts` (the phone's address book). */
export function fromAddressBook(
  entries: Array<{
    jid: string;
    fullName?: string | null;
    firstName?: string | null;
    pushName?: string | null;
    businessName?: string | null;
  }>,
): SeenContact[] {
  return entries.flatMap((entry) => {
    const seen = person(entry.jid, null, {
      fullName: text(entry.fullName),
      firstName: text(entry.firstName),
      pushName: text(entry.pushName),
      businessName: text(entry.businessName),
      source: "address_book",
    });
    return seen ? [seen] : [];
  });
}

/** The people (and group) a live `Message` event shows: the chat, and the sender in groups. */
export function fromMessageEvent(event: unknown): SeenContact[] {
  const info = record(record(event).Info);
  const chat = text(info.Chat);
  const sender = text(info.Sender);
  const senderAlt = text(info.SenderAlt);
  const recipientAlt = text(info.RecipientAlt);
  const pushName = text(info.PushName);
  const fromMe = info.IsFromMe === true;
  const seen: Array<SeenContact | null> = [];
  if (chat && isGroup(chat)) {
    seen.push({ jid: bareJid(chat), isGroup: true, source: "message" });
    if (!fromMe) seen.push(person(sender, senderAlt, { pushName, source: "message" }));
  } else if (chat) {
    // The other party: the chat itself; its other identity is the sender's (inbound) or recipient's (outbound) alt.
    seen.push(
      person(chat, fromMe ? recipientAlt : senderAlt, {
        pushName: fromMe ? null : pushName,
        source: "message",
      }),
    );
  }
  return seen.filter((contact): contact is SeenContact => contact !== null);
}

/** The chats, group participants and push names of a `HistorySync` event. */
export function fromHistorySync(event: unknown): SeenContact[] {
  const data = record(record(event).Data);
  const seen: Array<SeenContact | null> = [];
  for (const entry of Array.isArray(data.pushnames) ? data.pushnames : []) {
    const item = record(entry);
    seen.push(person(text(item.ID), null, { pushName: text(item.pushname), source: "history" }));
  }
  for (const entry of Array.isArray(data.conversations) ? data.conversations : []) {
    const conversation = record(entry);
    const id = text(conversation.ID) ?? text(conversation.id);
    if (!id) continue;
    if (isGroup(id)) {
      seen.push({ jid: bareJid(id), fullName: text(conversation.name), isGroup: true, source: "history" });
      const participants = new Map<string, string | null>();
      for (const message of Array.isArray(conversation.messages) ? conversation.messages : []) {
        const web = record(record(message).message);
        const participant = text(record(web.key).participant);
        if (participant && !record(web.key).fromMe) participants.set(participant, text(web.pushName));
      }
      for (const [participant, pushName] of participants)
        seen.push(person(participant, null, { pushName, source: "history" }));
    } else {
      const other = text(conversation.pnJID) ?? text(conversation.lidJID);
      seen.push(person(id, other, { fullName: text(conversation.name), source: "history" }));
    }
  }
  return seen.filter((contact): contact is SeenContact => contact !== null);
}
