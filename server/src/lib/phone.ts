import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";

export interface NormalizedPhone {
  /** E.164 (`+5511912345678`), or null when the input is empty or not a valid number. */
  e164: string | null;
  /** False when something was typed but is not a valid number: kept as typed, flagged, never guessed. */
  valid: boolean;
}

const EMPTY: NormalizedPhone = { e164: null, valid: true };

/**
 * A phone number as a person typed it: local numbers are read in the organisation's default
 * region; `+` or the common `00` international prefix switch to international format.
 */
export function normalizeTypedPhone(raw: string | null | undefined, defaultRegion: string): NormalizedPhone {
  const input = raw?.trim() ?? "";
  if (!/\d/.test(input)) return input === "" ? EMPTY : { e164: null, valid: false };
  const parsed = parsePhoneNumberFromString(input, defaultRegion as CountryCode);
  if (parsed?.isValid()) return { e164: parsed.number, valid: true };
  const international = /^\s*00\s*(?=\d)/.exec(input);
  if (international) {
    const retried = parsePhoneNumberFromString(`+${input.slice(international[0].length)}`);
    if (retried?.isValid()) return { e164: retried.number, valid: true };
  }
  return { e164: null, valid: false };
}

/**
 * The phone number of a WhatsApp user JID (`5511912345678:12@s.whatsapp.net`). WhatsApp ids are
 * always international, so no default region applies. LIDs (`@lid`), groups and other servers
 * carry no phone number and give null. The result is kept even where libphonenumber considers the
 * number outdated (e.g. Brazilian mobiles registered before the 9th digit): WhatsApp still uses it.
 */
export function jidToE164(jid: string): string | null {
  const at = jid.indexOf("@");
  const server = at === -1 ? "s.whatsapp.net" : jid.slice(at + 1);
  if (server !== "s.whatsapp.net" && server !== "c.us") return null;
  const user = (at === -1 ? jid : jid.slice(0, at)).split(":")[0]?.split("_")[0] ?? "";
  const digits = user.replace(/^\+/, "");
  if (!/^[1-9]\d{6,14}$/.test(digits)) return null;
  return `+${digits}`;
}
