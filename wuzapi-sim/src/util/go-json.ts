/**
 * Serialisation that matches what WuzAPI puts on the wire. Its responses and webhook bodies are Go maps
 * passed through encoding/json, so object keys come out sorted and `<`, `>`, `&`, U+2028 and U+2029 are
 * escaped. HMAC signatures are computed over these exact bytes, so receivers can verify them.
 */
export function goJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) => (isPlainObject(item) ? sortKeys(item) : item));
  return (text ?? "null").replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function sortKeys(value: Record<string, unknown>): Record<string, unknown> {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = value[key];
  return sorted;
}

/** Go's url.QueryEscape: unreserved characters stay, space becomes `+`, the rest is %XX of UTF-8. */
export function goQueryEscape(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(char)) out += char;
    else if (char === " ") out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Go's url.Values.Encode(): keys sorted, `k=v` pairs joined by `&`. */
export function goFormEncode(fields: Record<string, string>): string {
  return Object.keys(fields)
    .sort()
    .map((key) => `${goQueryEscape(key)}=${goQueryEscape(fields[key] ?? "")}`)
    .join("&");
}
