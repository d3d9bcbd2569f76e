/**
 * NUL characters and UTF-16 surrogates without their pair: PostgreSQL stores neither (a text
 * column refuses NUL, jsonb refuses both), so they must be caught before any query sees them.
 */
const UNSTORABLE = "\\u0000|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]";
const unstorable = new RegExp(UNSTORABLE);
const unstorableAll = new RegExp(UNSTORABLE, "g");

/** Where in a parsed value (dotted path, "" for the value itself) the first unstorable text is. */
export function findUnstorableText(value: unknown, path = ""): string | null {
  if (typeof value === "string") return unstorable.test(value) ? path : null;
  if (!value || typeof value !== "object") return null;
  for (const [key, inner] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (unstorable.test(key)) return path || "(a field name)";
    const found = findUnstorableText(inner, at);
    if (found !== null) return found;
  }
  return null;
}

/** The same value with every unstorable character (in keys too) replaced by U+FFFD. */
export function withStorableText(value: unknown): unknown {
  if (typeof value === "string") return value.replace(unstorableAll, "\ufffd");
  if (Array.isArray(value)) return value.map(withStorableText);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key.replace(unstorableAll, "\ufffd"),
      withStorableText(inner),
    ]),
  );
}

/**
 * Whether JSON text can parse to unstorable text: only a `\u0000` or surrogate escape, or such a
 * character itself, can put one there. Without either, the walk over the parsed value is skipped
 * (a history sync's megabytes of text). A false alarm only costs that walk.
 */
export function jsonMayHoldUnstorableText(json: string): boolean {
  return /\\u(?:0000|[dD][89a-fA-F])/.test(json) || unstorable.test(json);
}
