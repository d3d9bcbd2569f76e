import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERSONAS } from "../phones/personas.js";
import { type Harness, startHarness } from "../test-support/harness.js";

describe("user and group API", () => {
  let h: Harness;
  let user: { id: string; token: string; number: string };
  beforeAll(async () => {
    h = await startHarness();
    user = await h.pairedUser();
  });
  afterAll(() => h.close());

  it("lists contacts keyed by JID, LID-only contacts under @lid", async () => {
    const { json } = await h.request("GET", "/user/contacts", { token: user.token });
    expect(json.data["5521969863660@s.whatsapp.net"]).toEqual({
      Found: true,
      FirstName: "Bruna",
      FullName: "Bruna Barbosa",
      PushName: "Bruna Barbosa",
      BusinessName: "",
      RedactedPhone: "",
    });
    expect(json.data["313316849611738@lid"]).toMatchObject({ FullName: "Santiago Brown" });
    expect(json.data["5527990374510@s.whatsapp.net"]).toBeUndefined();
    expect(Object.keys(json.data).length).toBeGreaterThanOrEqual(41);
  });

  it("checks numbers, resolving national variants to the WhatsApp JID", async () => {
    // Personas WhatsApp knows without Brazil's 9th digit and with Argentina's mobile 9.
    const brazilian = PERSONAS.find((persona) => persona.kind === "br9");
    const argentine = PERSONAS.find((persona) => persona.kind === "ar9");
    if (!brazilian || !argentine) throw new Error("the fixture has no br9 or ar9 persona");
    const withNinthDigit = `${brazilian.waNumber.slice(0, 4)}9${brazilian.waNumber.slice(4)}`;
    const withoutNine = `54${argentine.waNumber.slice(3)}`;
    const { json } = await h.request("POST", "/user/check", {
      token: user.token,
      // Brazil with the 9th digit added, Argentina without its 9, and an unknown number.
      body: { Phone: [`+${withNinthDigit}`, withoutNine, "5599999999999"] },
    });
    expect(json.data.Users).toEqual([
      {
        Query: `+${withNinthDigit}`,
        IsInWhatsapp: true,
        JID: `${brazilian.waNumber}@s.whatsapp.net`,
        VerifiedName: "",
      },
      {
        Query: withoutNine,
        IsInWhatsapp: true,
        JID: `${argentine.waNumber}@s.whatsapp.net`,
        VerifiedName: "",
      },
      { Query: "5599999999999", IsInWhatsapp: false, JID: "5599999999999@s.whatsapp.net", VerifiedName: "" },
    ]);
    const missing = await h.request("POST", "/user/check", { token: user.token, body: { Phone: [] } });
    expect(missing.json.error).toBe("missing Phone in Payload");
  });

  it("returns user info for full JIDs and WuzAPI's odd failure for bare numbers", async () => {
    const jid = "5521969863660@s.whatsapp.net";
    const info = await h.request("POST", "/user/info", { token: user.token, body: { Phone: [jid] } });
    expect(info.json.data.Users[jid]).toMatchObject({
      VerifiedName: null,
      LID: expect.stringMatching(/@lid$/),
    });
    const bare = await h.request("POST", "/user/info", {
      token: user.token,
      body: { Phone: ["5521969863660"] },
    });
    expect(bare.status).toBe(500);
    expect(bare.json).toEqual({ code: 500, success: true });
  });

  it("maps numbers and LIDs both ways, 404 for unknown ones", async () => {
    const byLid = await h.request("GET", "/user/lid/313316849611738@lid", { token: user.token });
    expect(byLid.json.data).toEqual({ jid: "5527990374510@s.whatsapp.net", lid: "313316849611738@lid" });
    const byNumber = await h.request("GET", "/user/lid/5527990374510", { token: user.token });
    expect(byNumber.json.data.lid).toBe("313316849611738@lid");
    const unknown = await h.request("GET", "/user/lid/5599999999999", { token: user.token });
    expect(unknown.status).toBe(404);
  });

  it("gives avatars for most contacts, none for the landline", async () => {
    const avatar = await h.request("POST", "/user/avatar", {
      token: user.token,
      body: { Phone: "5521969863660", Preview: true },
    });
    expect(Object.keys(avatar.json.data).sort()).toEqual(["direct_path", "hash", "id", "type", "url"]);
    const image = await fetch(avatar.json.data.url);
    expect(image.headers.get("content-type")).toBe("image/png");
    const landline = await h.request("POST", "/user/avatar", {
      token: user.token,
      body: { Phone: "12123574700" },
    });
    expect(landline.json).toEqual({ code: 500, error: "no avatar found", success: false });
  });

  it("validates presence types", async () => {
    const good = await h.request("POST", "/user/presence", {
      token: user.token,
      body: { type: "available" },
    });
    expect(good.json.data).toEqual({ Details: "Presence set successfuly" });
    const bad = await h.request("POST", "/user/presence", { token: user.token, body: { type: "busy" } });
    expect(bad.json.error).toBe("invalid presence type. Allowed values: 'available', 'unavailable'");
  });

  it("lists groups with @lid participants and gives group info", async () => {
    const list = await h.request("GET", "/group/list", { token: user.token });
    const groups = list.json.data.Groups;
    expect(groups).toHaveLength(3);
    for (const group of groups) expect(group.JID).toMatch(/^120363\d{12}@g\.us$/);
    const lidMember = groups[0].Participants.find((participant: { JID: string }) =>
      participant.JID.endsWith("@lid"),
    );
    expect(lidMember.PhoneNumber).toMatch(/@s\.whatsapp\.net$/);
    const info = await h.request("GET", `/group/info?groupJID=${groups[0].JID}`, { token: user.token });
    expect(info.json.data.Name).toBe(groups[0].Name);
    const missing = await h.request("GET", "/group/info?groupJID=1@g.us", { token: user.token });
    expect(missing.status).toBe(500);
  });
});
