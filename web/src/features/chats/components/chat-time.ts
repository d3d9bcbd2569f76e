const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: "long" });
const shortDate = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });
const relativeDay = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

/** "yesterday" → "Yesterday" (the formatter lowercases for use mid-sentence). */
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const DAY_MS = 24 * 3600 * 1000;

function daysAgo(date: Date, now: Date): number {
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  return Math.round((startOf(now) - startOf(date)) / DAY_MS);
}

/** The messaging-app way: "14:05" today, "yesterday", a weekday this week, then the date. */
export function formatChatTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const days = daysAgo(date, now);
  if (days <= 0) return time.format(date);
  if (days === 1) return capitalise(relativeDay.format(-1, "day"));
  if (days < 7) return weekday.format(date);
  return shortDate.format(date);
}

/** A day separator's label: "today", "yesterday", a weekday this week, then the date. */
export function formatDaySeparator(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const days = daysAgo(date, now);
  if (days <= 1) return capitalise(relativeDay.format(-Math.max(days, 0), "day"));
  if (days < 7) return weekday.format(date);
  return shortDate.format(date);
}

export function formatMessageTime(iso: string): string {
  return time.format(new Date(iso));
}

export function dayKey(iso: string): string {
  return new Date(iso).toDateString();
}
