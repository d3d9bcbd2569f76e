import fc from "fast-check";

/** Text an attacker or a broken client sends: injections, odd unicode, edge numbers, paths. */
export const NASTY_TEXT = [
  "",
  " ",
  "\t\n\r",
  "' OR '1'='1",
  "1; DROP TABLE user_ref; --",
  '" OR 1=1 --',
  "1 UNION SELECT password_hash FROM user_ref",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "a\u0000b",
  "\u0000",
  "\ud800",
  "x\udfffy",
  "\u202egnp.exe",
  "שלום עולם",
  "مرحبا",
  "👩‍👩‍👧‍👦🙂",
  "e\u0301\u0301\u0301",
  "../../../etc/passwd",
  "%00",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose.
  "${7*7}{{7*7}}",
  "__proto__",
  "constructor",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1.5",
  "1e309",
  "2147483648",
  "9007199254740993",
  "99999999999999999999999",
  "null",
  "true",
  "[]",
  "{}",
];

/** Ids as they may appear in a path: existing-looking ones and every kind of wrong one. */
export const NASTY_IDS = [
  "1",
  "2",
  "3",
  "4",
  "5",
  "7",
  "0",
  "-1",
  "1.5",
  "abc",
  "2147483648",
  "1e3",
  "0x10",
  " 1",
];

/** Hostile text of a modest length (for keys, headers and query strings). */
export const shortHostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    }),
  },
);

/** Hostile text, sometimes far over every field's limit (but under the 1 MiB body limit). */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: shortHostileText },
  { weight: 1, arbitrary: fc.integer({ min: 300, max: 200_000 }).map((n) => "ü".repeat(n)) },
);

/** Any JSON-ish value of any type, biased towards the hostile texts and edge numbers. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: hostileText },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.integer(),
        fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, Number.MIN_VALUE),
        fc.double({ noNaN: true }),
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(shortHostileText, tie("value"), { maxKeys: 4 }) },
  ),
})).value;

/** A path segment: an id-like value or any hostile text, percent-encoded as a client would send it. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_IDS) },
  { weight: 2, arbitrary: shortHostileText.map((text) => encodeURIComponent(wellFormed(text)) || "x") },
  // Raw encodings a client library would never produce: a lone surrogate, NUL, bad escapes.
  {
    weight: 1,
    arbitrary: fc.constantFrom("%ED%A0%80", "%00", "%2e%2e%2f", "%", "%ZZ", "1%0d%0aX-Injected:1"),
  },
);

/** Lone surrogates become U+FFFD, as a client's UTF-8 encoder makes them. */
export const wellFormed = (text: string) => Buffer.from(text, "utf8").toString("utf8");

/** Query strings that no form would produce. */
export const ODD_QUERIES = [
  "?%",
  "?q=%ZZ",
  "?q=%ED%A0%80",
  "?page[]=1&page[]=2",
  "?page=1&page=2&page=3",
  "?limit=1e3",
  "?page=-0",
  "?&&&==",
  "?q=%00",
  "?__proto__[admin]=1",
  "?constructor[prototype][x]=1",
];

/** Content types a broken or hostile client sends with a body. */
export const CONTENT_TYPES = [
  "application/json",
  "application/json",
  "application/json; charset=utf-16",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "text/csv",
  "application/xml",
  "",
];

/** Bodies that are not JSON, or JSON a parser should refuse. */
export const RAW_BODIES = [
  "{",
  '{"a":',
  "[1,2,3]",
  '"just a string"',
  "42",
  "null",
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  "\u0000\u0001\u0002",
  "username=alice&password=x",
  "<?xml version='1.0'?><a/>",
  '{"a":1,"a":2}',
];
