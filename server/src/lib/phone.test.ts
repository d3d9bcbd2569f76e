import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJid, jidToE164, normalizeTypedPhone, parseJid, phoneVariants } from "./phone.js";

const variantsOf = (e164: string | null) => (e164 ? phoneVariants(e164).map((variant) => variant.e164) : []);

describe("normalizeTypedPhone", () => {
  // typed, default region, E.164 (null: invalid), its variants
  it.each<[string, string, string | null, string[]]>([
    // Formats
    ["+55 11 98765-4321", "BR", "+5511987654321", ["+551187654321"]],
    ["(011) 98765-4321", "BR", "+5511987654321", ["+551187654321"]],
    ["11 98765.4321", "BR", "+5511987654321", ["+551187654321"]],
    ["0 21 11 98765 4321", "BR", "+5511987654321", ["+551187654321"]],
    ["+55 (11) 98765–4321", "BR", "+5511987654321", ["+551187654321"]],
    ["5511987654321", "BR", "+5511987654321", ["+551187654321"]],
    ["Tel: +55 11 98765-4321", "BR", "+5511987654321", ["+551187654321"]],
    ["+55 11 98765-4321 (cel)", "BR", "+5511987654321", ["+551187654321"]],
    ["  +55 11 98765-4321  ", "BR", "+5511987654321", ["+551187654321"]],
    ["\u202a+55 11 98765-4321\u202c", "BR", "+5511987654321", ["+551187654321"]],
    ["+55\u00a011\u00a098765\u20114321", "BR", "+5511987654321", ["+551187654321"]],
    ["+55\t11\t98765\t4321", "BR", "+5511987654321", ["+551187654321"]],
    ["＋５５ １１ ９８７６５ ４３２１", "BR", "+5511987654321", ["+551187654321"]],
    ["00 55 11 98765 4321", "BR", "+5511987654321", ["+551187654321"]],
    ["0055 11 98765-4321", "US", "+5511987654321", ["+551187654321"]],
    // Brazil: the 9th digit both ways; landlines and later mobiles have no variant
    ["+55 31 8888-7777", "BR", "+553188887777", ["+5531988887777"]],
    ["+55 31 98888-7777", "BR", "+5531988887777", ["+553188887777"]],
    ["+55 85 9912-3456", "BR", "+558599123456", ["+5585999123456"]],
    ["+55 11 6123-4567", "BR", "+551161234567", ["+5511961234567"]],
    ["+55 11 7123-4567", "BR", "+551171234567", ["+5511971234567"]],
    ["+55 11 3456-7890", "BR", "+551134567890", []],
    ["(21) 2555-1234", "BR", "+552125551234", []],
    ["+55 11 91234-5678", "BR", "+5511912345678", []],
    ["0800 123 4567", "BR", "+558001234567", []],
    ["+55 20 98888-7777", "BR", null, []],
    // Argentina: the 9 of mobiles
    ["+54 9 11 2345-6789", "AR", "+5491123456789", ["+541123456789"]],
    ["+54 11 2345-6789", "AR", "+541123456789", ["+5491123456789"]],
    ["011 15 2345-6789", "AR", "+5491123456789", ["+541123456789"]],
    ["0351 15 234-5678", "AR", "+5493512345678", ["+543512345678"]],
    ["0800 345 6789", "AR", "+548003456789", []],
    // Mexico: the abolished 1 of mobiles
    ["+52 1 55 1234 5678", "MX", "+5215512345678", ["+525512345678"]],
    ["+52 55 1234 5678", "MX", "+525512345678", ["+5215512345678"]],
    ["55 1234 5678", "MX", "+525512345678", ["+5215512345678"]],
    ["+52 33 1234 5678", "BR", "+523312345678", ["+5213312345678"]],
    ["+52 800 123 4567", "MX", "+528001234567", []],
    // United Kingdom
    ["+44 (0)7911 123456", "BR", "+447911123456", []],
    ["0044 7911 123456", "BR", "+447911123456", []],
    ["07911 123456", "GB", "+447911123456", []],
    ["020 7946 0958", "GB", "+442079460958", []],
    ["011 44 7911 123456", "US", "+447911123456", []],
    ["٠٧٩١١١٢٣٤٥٦", "GB", "+447911123456", []],
    // United States
    ["(212) 555-0100", "US", "+12125550100", []],
    ["+1 (212) 555-0100", "BR", "+12125550100", []],
    ["212.555.0100", "US", "+12125550100", []],
    ["1-212-555-0100", "US", "+12125550100", []],
    ["+1 212 555 0100 ext. 12", "US", "+12125550100", []],
    // Portugal, Germany, India
    ["+351 912 345 678", "PT", "+351912345678", []],
    ["912 345 678", "PT", "+351912345678", []],
    ["00351 912 345 678", "BR", "+351912345678", []],
    ["030 123456", "DE", "+4930123456", []],
    ["+49 (0)30 123456", "DE", "+4930123456", []],
    ["0151 23456789", "DE", "+4915123456789", []],
    ["+91 98765 43210", "IN", "+919876543210", []],
    ["098765 43210", "IN", "+919876543210", []],
    ["०९८७६५४३२१०", "IN", "+919876543210", []],
    // Not phone numbers: kept as typed and flagged
    ["n/a", "BR", null, []],
    ["123", "BR", null, []],
    ["+55 11 0000", "BR", null, []],
    ["ask reception", "BR", null, []],
    ["+", "BR", null, []],
    ["+55 11 9I765-4321", "BR", null, []],
    ["1-800-FLOWERS", "US", null, []],
    ["+55 11 98765-43210", "BR", null, []],
    ["+55 11 9876", "BR", null, []],
    ["98765-4321", "BR", null, []],
    ["+999 1234 5678", "BR", null, []],
  ])("%j in %s is %s", (typed, region, e164, variants) => {
    expect(normalizeTypedPhone(typed, region)).toEqual({ e164, valid: e164 !== null });
    expect(variantsOf(e164)).toEqual(variants);
  });

  it.each([["  "], ["\t\u00a0"], [""], [null], [undefined]])(
    "treats %j as no phone, not an invalid one",
    (typed) => {
      expect(normalizeTypedPhone(typed, "BR")).toEqual({ e164: null, valid: true });
    },
  );
});

describe("phoneVariants", () => {
  it("names the rule", () => {
    expect(phoneVariants("+551187654321")).toEqual([{ e164: "+5511987654321", rule: "br_ninth_digit" }]);
    expect(phoneVariants("+541123456789")).toEqual([{ e164: "+5491123456789", rule: "ar_nine" }]);
    expect(phoneVariants("+525512345678")).toEqual([{ e164: "+5215512345678", rule: "mx_one" }]);
  });

  it("ignores what is not E.164", () => {
    expect(phoneVariants("551187654321")).toEqual([]);
    expect(phoneVariants("")).toEqual([]);
  });

  it("is symmetric: a variant's variant is the number itself", () => {
    const number = fc.oneof(
      fc.stringMatching(/^\+55[1-9]{2}9?[0-9]{8}$/),
      fc.stringMatching(/^\+549?[1-9][0-9]{9}$/),
      fc.stringMatching(/^\+521?[1-9][0-9]{9}$/),
    );
    fc.assert(
      fc.property(number, (e164) => {
        for (const variant of phoneVariants(e164)) expect(variantsOf(variant.e164)).toEqual([e164]);
      }),
    );
  });
});

describe("parseJid", () => {
  // JID, kind, user, device, server, phone, its variants
  it.each<[string, string, string, number | null, string, string | null, string[]]>([
    [
      "5511987654321@s.whatsapp.net",
      "user",
      "5511987654321",
      null,
      "s.whatsapp.net",
      "+5511987654321",
      ["+551187654321"],
    ],
    [
      "553188887777:12@s.whatsapp.net",
      "user",
      "553188887777",
      12,
      "s.whatsapp.net",
      "+553188887777",
      ["+5531988887777"],
    ],
    [
      "5511987654321.1:3@s.whatsapp.net",
      "user",
      "5511987654321",
      3,
      "s.whatsapp.net",
      "+5511987654321",
      ["+551187654321"],
    ],
    [
      "5511987654321_1:3@s.whatsapp.net",
      "user",
      "5511987654321",
      3,
      "s.whatsapp.net",
      "+5511987654321",
      ["+551187654321"],
    ],
    ["5215512345678@c.us", "user", "5215512345678", null, "c.us", "+5215512345678", ["+525512345678"]],
    [
      "5491123456789@s.whatsapp.net",
      "user",
      "5491123456789",
      null,
      "s.whatsapp.net",
      "+5491123456789",
      ["+541123456789"],
    ],
    [" 447911123456@S.WhatsApp.Net ", "user", "447911123456", null, "s.whatsapp.net", "+447911123456", []],
    ["447911123456", "user", "447911123456", null, "s.whatsapp.net", "+447911123456", []],
    ["+12125550100", "user", "12125550100", null, "s.whatsapp.net", "+12125550100", []],
    ["5511987654321:99@hosted", "user", "5511987654321", 99, "hosted", "+5511987654321", ["+551187654321"]],
    ["123456789012345@lid", "lid", "123456789012345", null, "lid", null, []],
    ["123456789012345:7@lid", "lid", "123456789012345", 7, "lid", null, []],
    ["123456789012345:99@hosted.lid", "lid", "123456789012345", 99, "hosted.lid", null, []],
    ["120363025246125244@g.us", "group", "120363025246125244", null, "g.us", null, []],
    ["5511987654321-1467380923@g.us", "group", "5511987654321-1467380923", null, "g.us", null, []],
    ["status@broadcast", "broadcast", "status", null, "broadcast", null, []],
    ["1467380923@broadcast", "broadcast", "1467380923", null, "broadcast", null, []],
    ["120363123456789012@newsletter", "newsletter", "120363123456789012", null, "newsletter", null, []],
    ["5511987654321@msgr", "other", "5511987654321", null, "msgr", null, []],
    ["abc@s.whatsapp.net", "user", "abc", null, "s.whatsapp.net", null, []],
    ["0123@s.whatsapp.net", "user", "0123", null, "s.whatsapp.net", null, []],
    ["123@s.whatsapp.net", "user", "123", null, "s.whatsapp.net", null, []],
    ["not a jid", "other", "notajid", null, "", null, []],
    ["", "other", "", null, "", null, []],
  ])("%j", (jid, kind, user, device, server, e164, variants) => {
    expect(parseJid(jid)).toEqual({ kind, user, device, server });
    expect(jidToE164(jid)).toBe(e164);
    expect(variantsOf(e164)).toEqual(variants);
  });
});

describe("canonicalJid", () => {
  it.each([
    ["5511987654321:12@c.us", "5511987654321@s.whatsapp.net"],
    ["5511987654321.1:3@S.WHATSAPP.NET", "5511987654321@s.whatsapp.net"],
    ["5511987654321:99@hosted", "5511987654321@s.whatsapp.net"],
    ["123456789012345:4@hosted.lid", "123456789012345@lid"],
    ["120363025246125244@G.US", "120363025246125244@g.us"],
  ])("%s is %s", (jid, canonical) => {
    expect(canonicalJid(jid)).toBe(canonical);
  });
});
