import { type CountryCode, isValidPhoneNumber, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { phoneVariants } from "./variants.js";

export interface NormalizedPhone {
  /** E.164 (`+5511912345678`), or null when the input is empty or not a valid number. */
  e164: string | null;
  /** False when something was typed but is not a valid number: kept as typed, flagged, never guessed. */
  valid: boolean;
}

const EMPTY: NormalizedPhone = { e164: null, valid: true };
const INVALID: NormalizedPhone = { e164: null, valid: false };

/** Invisible marks that copying from apps adds around numbers (bidi isolates, zero-width spaces). */
const FORMAT_CHARACTERS = /\p{Cf}/gu;
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;
const DECIMAL_DIGIT = /^\p{Nd}$/u;

/** Unicode assigns decimal digits only in runs of ten from 0 to 9, so the run start gives the value. */
function toAsciiDigit(digit: string): string {
  const codePoint = digit.codePointAt(0) ?? 0;
  let runStart = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(runStart - 1))) runStart--;
  return String((codePoint - runStart) % 10);
}

function cleanTyped(raw: string): string {
  return raw
    .normalize("NFKC")
    .replace(FORMAT_CHARACTERS, "")
    .replace(NON_ASCII_DIGIT, toAsciiDigit)
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * A number libphonenumber rejects is still kept when it is the older form of a valid number (a
 * Brazilian mobile without its 9th digit, a Mexican mobile with the abolished 1): WhatsApp and
 * address books still use those forms, and the match engine relates them through the variants.
 */
function isValidOrLegacyForm(e164: string): boolean {
  return isValidPhoneNumber(e164) || phoneVariants(e164).some((variant) => isValidPhoneNumber(variant.e164));
}

/**
 * A phone number as a person typed it: local numbers are read in the organisation's default
 * region; `+` or the common `00` international prefix switch to international format. Text around
 * the number, any Unicode digits and spaces are tolerated.
 */
export function normalizeTypedPhone(raw: string | null | undefined, defaultRegion: string): NormalizedPhone {
  const input = cleanTyped(raw ?? "");
  if (!/\d/.test(input)) return input === "" ? EMPTY : INVALID;
  const numberStart = input.search(/[+\d]/);
  // No country's national numbers start with 00, so it is always the international prefix,
  // even where the region's own (e.g. 011 in the US) is different.
  const international = /^00 ?(?=\d)/.exec(input.slice(numberStart));
  const candidates = international
    ? [parsePhoneNumberFromString(`+${input.slice(numberStart + international[0].length)}`)]
    : [];
  candidates.push(parsePhoneNumberFromString(input, defaultRegion as CountryCode));
  for (const parsed of candidates)
    if (parsed && isValidOrLegacyForm(parsed.number)) return { e164: parsed.number, valid: true };
  return INVALID;
}
