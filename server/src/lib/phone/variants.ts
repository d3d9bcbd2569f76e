/**
 * Equivalent spellings of one phone number in E.164. WhatsApp keeps the form a number had when its
 * account was registered, and people keep the form they first saved, so one person can appear as
 * two different E.164 strings. Every rule here is symmetric: if B is a variant of A, A is a variant
 * of B, so matching an org contact against a WhatsApp contact gives the same answer either way.
 * Variants are only suggestions: the match engine never links on them without a person.
 */

export type VariantRule = "br_ninth_digit" | "ar_nine" | "mx_one";

export interface PhoneVariant {
  e164: string;
  rule: VariantRule;
}

/** Brazilian area codes (DDD) in service; other two-digit prefixes are no area at all. */
const BRAZIL_AREA_CODES = new Set(
  "11 12 13 14 15 16 17 18 19 21 22 24 27 28 31 32 33 34 35 37 38 41 42 43 44 45 46 47 48 49 51 53 54 55 61 62 63 64 65 66 67 68 69 71 73 74 75 77 79 81 82 83 84 85 86 87 88 89 91 92 93 94 95 96 97 98 99".split(
    " ",
  ),
);

/**
 * Brazil (+55 AA subscriber). From 2012 to 2016 every mobile gained a leading 9: the 8-digit mobile
 * `[6-9]XXX-XXXX` became `9[6-9]XXX-XXXX`. WhatsApp accounts registered before that (and many
 * outside areas 1x/2x since) still carry the 8-digit form, and address books hold both. 8-digit
 * numbers starting 2–5 are landlines and have no variant. The 9-digit side is restricted to
 * `9[6-9]` to keep the rule symmetric: dropping the 9 from `9[1-5]…` would name a landline or an
 * unassigned number, and those mobiles were issued after the change, so never existed without it.
 */
function brazilNinthDigit(national: string): string | null {
  const areaCode = national.slice(0, 2);
  if (!BRAZIL_AREA_CODES.has(areaCode)) return null;
  const subscriber = national.slice(2);
  if (/^[6-9]\d{7}$/.test(subscriber)) return `${areaCode}9${subscriber}`;
  if (/^9[6-9]\d{7}$/.test(subscriber)) return `${areaCode}${subscriber.slice(1)}`;
  return null;
}

/** Adds `digit` in front of a national number in `numbers`, or takes it away from one. */
function toggleLeadingDigit(national: string, digit: string, numbers: RegExp): string | null {
  if (numbers.test(national)) return `${digit}${national}`;
  if (national.startsWith(digit) && numbers.test(national.slice(1))) return national.slice(1);
  return null;
}

/**
 * Argentina (+54). Mobiles are dialled from abroad with a 9 before the 10-digit national number
 * (`+54 9 11 2345-6789`, which is also the WhatsApp form), but are written in the country as the
 * bare number (or with the domestic `15`), so contacts often hold `+54 11 2345-6789`. Mobile and
 * fixed numbers share one format, so a geographic number (area codes 11, 2xx, 3xx) can not be ruled
 * out as a mobile: it gets the variant. Non-geographic services (0800, 0810, 0600) never do.
 */
const argentinaNine = (national: string) => toggleLeadingDigit(national, "9", /^(?:11\d{8}|[23]\d{9})$/);

/**
 * Mexico (+52). Until 2019 mobiles were dialled from abroad with a 1 after the country code
 * (`+52 1 55 1234 5678`); the 1 was then abolished, but WhatsApp accounts registered earlier keep
 * `521…` and older address books keep it too. Since 2019 mobiles and landlines share one format, so
 * every geographic number gets the variant; non-geographic services (300, 500, 800, 888, 900) never.
 */
const mexicoOne = (national: string) => toggleLeadingDigit(national, "1", /^(?![3589]00|888)[2-9]\d{9}$/);

const RULES: ReadonlyArray<{
  countryCode: string;
  rule: VariantRule;
  variant: (national: string) => string | null;
}> = [
  { countryCode: "55", rule: "br_ninth_digit", variant: brazilNinthDigit },
  { countryCode: "54", rule: "ar_nine", variant: argentinaNine },
  { countryCode: "52", rule: "mx_one", variant: mexicoOne },
];

/**
 * The other forms under which the same person may be known, for an E.164 number (`+…`). Plain
 * string rules, no metadata look-up, because the match engine calls this for every unmatched
 * WhatsApp contact. Other countries and anything that is not E.164 have no variants.
 */
export function phoneVariants(e164: string): PhoneVariant[] {
  if (!e164.startsWith("+")) return [];
  for (const { countryCode, rule, variant } of RULES) {
    if (!e164.startsWith(countryCode, 1)) continue;
    const national = variant(e164.slice(1 + countryCode.length));
    return national === null ? [] : [{ e164: `+${countryCode}${national}`, rule }];
  }
  return [];
}
