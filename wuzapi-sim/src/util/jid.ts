/** JID helpers following WuzAPI's parseJID and whatsmeow's JID string forms. */

export const USER_SERVER = "s.whatsapp.net";
export const LID_SERVER = "lid";
export const GROUP_SERVER = "g.us";

export function phoneJid(number: string): string {
  return `${number}@${USER_SERVER}`;
}

export function lidJid(lid: string): string {
  return `${lid}@${LID_SERVER}`;
}

/** `5511…:12@s.whatsapp.net` → `5511…@s.whatsapp.net` (whatsmeow's ToNonAD). */
export function toNonAd(jid: string): string {
  const [user = "", server = ""] = jid.split("@");
  return `${user.split(":")[0]?.split(".")[0] ?? ""}@${server}`;
}

export function jidUser(jid: string): string {
  return (jid.split("@")[0] ?? "").split(":")[0]?.split(".")[0] ?? "";
}

export function jidServer(jid: string): string {
  return jid.split("@")[1] ?? "";
}

/**
 * WuzAPI's parseJID: a leading `+` is stripped, the user part must be digits, and a value without `@`
 * becomes `<digits>@s.whatsapp.net`. Returns null where WuzAPI answers "could not parse Phone".
 */
export function parseRecipient(value: string): string | null {
  if (value === "") return null;
  const text = value.startsWith("+") ? value.slice(1) : value;
  const user = jidUser(text);
  if (!/^\d+$/.test(user)) return null;
  if (!text.includes("@")) return phoneJid(text);
  const server = jidServer(text);
  if (server === "") return null;
  return `${user}@${server}`;
}

/** Digits of a phone number as typed by a caller of the control API (`+55 11 9…`, JIDs accepted). */
export function digitsOf(value: string): string {
  return jidUser(value.trim()).replace(/\D/g, "");
}
