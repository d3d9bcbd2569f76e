import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findUnstorableText, jsonMayHoldUnstorableText, withStorableText } from "./unstorable-text.js";

describe("unstorable text", () => {
  it("finds NUL and lone surrogates, and replaces them", () => {
    const value = { ok: "fine 😀", bad: ["a\u0000b", "\ud800x"], nested: { "\udc00": "y" } };
    expect(findUnstorableText(value)).toBe("bad.0");
    expect(findUnstorableText(withStorableText(value))).toBeNull();
    expect(withStorableText(value)).toEqual({
      ok: "fine 😀",
      bad: ["a\ufffdb", "\ufffdx"],
      nested: { "\ufffd": "y" },
    });
  });

  it("tells from JSON text alone when its parsed value may hold unstorable text", () => {
    expect(jsonMayHoldUnstorableText('{"text":"plain, ção, 😀"}')).toBe(false);
    expect(jsonMayHoldUnstorableText('{"text":"a\\u0000b"}')).toBe(true);
    expect(jsonMayHoldUnstorableText('{"text":"\\uD83D"}')).toBe(true);
    expect(jsonMayHoldUnstorableText('{"text":"\\udfff"}')).toBe(true);
    expect(jsonMayHoldUnstorableText('{"text":"\\u00e7"}')).toBe(false);
  });

  it("never misses: JSON that passes the check parses to storable text", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: "binary" }), (value, text) => {
        // JSON.stringify writes NUL and lone surrogates as escapes, which the check must see.
        const json = JSON.stringify({ value, text });
        if (!jsonMayHoldUnstorableText(json)) expect(findUnstorableText(JSON.parse(json))).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});
