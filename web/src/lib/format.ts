const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const integer = new Intl.NumberFormat();

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

/** "5 minutes ago", "yesterday"; anything under a minute is "just now". */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

export function formatCount(value: number): string {
  return integer.format(value);
}

/** Country calling codes that are two digits long; the rest are one (1, 7) or three. */
const twoDigitCountryCodes = new Set(
  "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98".split(
    " ",
  ),
);

/**
 * "+5511912345678" → "+55 11 91234-5678": country code, a two-digit area, the rest with a hyphen
 * before the last four digits (North America: "+1 202 555-0123"). Readable everywhere, exact
 * nowhere in particular; anything that isn't E.164 is returned as it came.
 */
export function formatPhone(e164: string): string {
  const digits = e164.slice(1);
  if (!/^\+\d{8,15}$/.test(e164)) return e164;
  const codeLength =
    digits[0] === "1" || digits[0] === "7" ? 1 : twoDigitCountryCodes.has(digits.slice(0, 2)) ? 2 : 3;
  const national = digits.slice(codeLength);
  const areaLength = digits[0] === "1" ? 3 : 2;
  const area = national.slice(0, areaLength);
  const local = national.slice(areaLength);
  const subscriber = local.length > 4 ? `${local.slice(0, -4)}-${local.slice(-4)}` : local;
  return `+${digits.slice(0, codeLength)} ${area} ${subscriber}`;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((part) => part?.[0]?.toUpperCase() ?? "").join("") || "?";
}
