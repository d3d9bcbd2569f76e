import { describe, expect, it } from "vitest";
import { jidToE164, normalizeTypedPhone } from "./phone.js";

describe("normalizeTypedPhone", () => {
  it.each([
    ["(011) 91234-5678", "BR", "+5511912345678"],
    ["+55 11 91234-5678", "BR", "+5511912345678"],
    ["11 91234.5678", "BR", "+5511912345678"],
    ["+44 7911 123456", "BR", "+447911123456"],
    ["0044 7911 123456", "BR", "+447911123456"],
    ["+44 (0)7911 123456", "BR", "+447911123456"],
    ["(212) 555-0100", "US", "+12125550100"],
    ["+1 (212) 555-0100", "BR", "+12125550100"],
  ])("%s in %s is %s", (typed, region, e164) => {
    expect(normalizeTypedPhone(typed, region)).toEqual({ e164, valid: true });
  });

  it.each(["n/a", "123", "+55 11 0000", "ask reception"])("keeps %s as typed and flags it", (typed) => {
    expect(normalizeTypedPhone(typed, "BR")).toEqual({ e164: null, valid: false });
  });

  it("treats empty input as no phone, not an invalid one", () => {
    expect(normalizeTypedPhone("  ", "BR")).toEqual({ e164: null, valid: true });
    expect(normalizeTypedPhone(null, "BR")).toEqual({ e164: null, valid: true });
  });
});

describe("jidToE164", () => {
  it.each([
    ["5511912345678@s.whatsapp.net", "+5511912345678"],
    ["5511912345678:12@s.whatsapp.net", "+5511912345678"],
    ["553188887777@s.whatsapp.net", "+553188887777"],
    ["447911123456", "+447911123456"],
  ])("%s is %s", (jid, e164) => {
    expect(jidToE164(jid)).toBe(e164);
  });

  it.each([
    "123456789012345@lid",
    "120363025246125244@g.us",
    "status@broadcast",
    "abc@s.whatsapp.net",
    "0123@s.whatsapp.net",
  ])("%s has no phone number", (jid) => {
    expect(jidToE164(jid)).toBeNull();
  });
});
