import type { ContactSort } from "./directory.js";

/**
 * What both directory implementations (Parley's PostgreSQL/PGlite and the organisation's MySQL)
 * agree on, so a search behaves the same wherever the contact book lives.
 */

/** A LIKE pattern matching `text` anywhere, with its own wildcards escaped: "50%" means the text "50%". */
export function likeContains(text: string, escapeChar: string): string {
  const special = new RegExp(`[${escapeChar === "\\" ? "\\\\" : escapeChar}%_]`, "g");
  return `%${text.replace(special, (ch) => `${escapeChar}${ch}`)}%`;
}

/** The digits of a search that also match E.164 phones; too short a run of digits matches everything. */
export function searchDigits(q: string): string | null {
  const digits = q.replace(/\D/g, "");
  return digits.length >= 3 ? digits : null;
}

export type SortField = "name" | "company" | "updatedAt";

/** Contacts sort by one field (text case-insensitively, empty values last either way), then by id. */
export function parseSort(sort: ContactSort): { field: SortField; descending: boolean } {
  const descending = sort.startsWith("-");
  return { field: (descending ? sort.slice(1) : sort) as SortField, descending };
}

/** Splits a list into runs of at most `size` (bulk inserts stay within statement limits). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
