import { describe, expect, it } from "vitest";
import { derivePhoneIdentity } from "./phone.js";

describe("a scanned phone's identity", () => {
  it("is a valid São Paulo mobile (9 and eight digits), the same for the same user", () => {
    const numbers = new Set<string>();
    for (let n = 0; n < 300; n++) {
      const { number } = derivePhoneIdentity(`user-${n}`, 7);
      expect(number).toMatch(/^55119\d{8}$/);
      expect(derivePhoneIdentity(`user-${n}`, 7).number).toBe(number);
      numbers.add(number);
    }
    expect(numbers.size).toBe(300);
  });

  it("keeps the number and name the scan gives", () => {
    expect(derivePhoneIdentity("user-1", 7, "5521987654321", "Ana")).toMatchObject({
      number: "5521987654321",
      pushName: "Ana",
    });
  });
});
