/** What a WhatsApp address names, by its server part. */
export type JidKind = "user" | "lid" | "group" | "broadcast" | "newsletter" | "other";

export interface ParsedJid {
  kind: JidKind;
  /** The part before the server, without agent or device: the phone digits for a user. */
  user: string;
  /** The linked device (`:12`), or null for the account itself. */
  device: number | null;
  /** Lower-cased server, as written (`s.whatsapp.net`, `c.us`, `lid`, `g.us`, …). */
  server: string;
}

/**
 * `c.us` is the legacy name of `s.whatsapp.net`; `hosted` and `hosted.lid` carry the devices of
 * businesses hosted by Meta, the same people as on the plain servers.
 */
const SERVERS: Readonly<Record<string, { kind: JidKind; canonical: string }>> = {
  "s.whatsapp.net": { kind: "user", canonical: "s.whatsapp.net" },
  "c.us": { kind: "user", canonical: "s.whatsapp.net" },
  hosted: { kind: "user", canonical: "s.whatsapp.net" },
  lid: { kind: "lid", canonical: "lid" },
  "hosted.lid": { kind: "lid", canonical: "lid" },
  "g.us": { kind: "group", canonical: "g.us" },
  broadcast: { kind: "broadcast", canonical: "broadcast" },
  newsletter: { kind: "newsletter", canonical: "newsletter" },
};

/**
 * Reads `user[.agent|_agent][:device]@server` (whatsmeow writes the agent after a dot, Baileys and
 * whatsapp-web.js after an underscore). A bare phone number is read as a user JID, as people and
 * some APIs write them. Case and whitespace are ignored: JIDs contain neither.
 */
export function parseJid(jid: string): ParsedJid {
  const text = jid.replace(/\s+/g, "").toLowerCase();
  const at = text.lastIndexOf("@");
  const address = at === -1 ? text.replace(/^\+/, "") : text.slice(0, at);
  const server = at !== -1 ? text.slice(at + 1) : /^\d+$/.test(address) ? "s.whatsapp.net" : "";
  const colon = address.indexOf(":");
  const deviceText = colon === -1 ? "" : address.slice(colon + 1);
  const userAndAgent = colon === -1 ? address : address.slice(0, colon);
  return {
    kind: SERVERS[server]?.kind ?? "other",
    user: userAndAgent.replace(/[._]\d+$/, ""),
    device: /^\d+$/.test(deviceText) ? Number(deviceText) : null,
    server,
  };
}

const ALREADY_CANONICAL = /^[0-9]+@(?:s\.whatsapp\.net|lid|g\.us)$/;

/**
 * One spelling per WhatsApp identity (`5511912345678@s.whatsapp.net`, `1234@lid`): no device, no
 * agent, canonical server; so a link stored from one source matches an address seen in another.
 */
export function canonicalJid(jid: string): string {
  // Stored JIDs are nearly always canonical already; skip parsing them (the match engine calls this per row).
  if (ALREADY_CANONICAL.test(jid)) return jid;
  const { user, server } = parseJid(jid);
  return `${user}@${SERVERS[server]?.canonical ?? server}`;
}

/**
 * The phone number of a WhatsApp user JID (`5511912345678:12@s.whatsapp.net`). WhatsApp ids are
 * always international, so no default region applies. LIDs (`@lid`), groups and other servers
 * carry no phone number and give null. The result is kept even where libphonenumber considers the
 * number outdated (e.g. Brazilian mobiles registered before the 9th digit): WhatsApp still uses it.
 */
export function jidToE164(jid: string): string | null {
  const { kind, user } = parseJid(jid);
  return kind === "user" && /^[1-9]\d{6,14}$/.test(user) ? `+${user}` : null;
}
