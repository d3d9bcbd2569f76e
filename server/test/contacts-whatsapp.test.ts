import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, simulatorOf, type TestApp } from "./support/app.js";
import { eventually, openRealtime } from "./support/realtime.js";

interface Persona {
  name: string;
  waNumber: string;
  kind: "exact" | "br9" | "ar9" | "mx1" | "dup" | "lid" | "stranger" | "landline";
  lid?: string;
}
const personas: Persona[] = JSON.parse(
  readFileSync(new URL("../../wuzapi-sim/src/fixtures/personas.json", import.meta.url), "utf8"),
);
/** Persona kinds the sample contact book knows (lid personas: the first two are in the book). */
const inBook = (persona: Persona) =>
  persona.kind !== "stranger" &&
  (persona.kind !== "lid" || personas.filter((p) => p.kind === "lid").indexOf(persona) < 2);

interface WaContact {
  id: number;
  jid: string;
  phoneE164: string | null;
  matchKind: string;
  contactRefId: number | null;
  candidates: number[];
  isGroup: boolean;
  contact: { id: number; name: string } | null;
}

describe("WhatsApp contacts matched with the contact book", () => {
  let t: TestApp;
  let bruno: string;
  let contacts: WaContact[];
  const listAll = async (cookie: string) =>
    (await t.call(cookie, "GET", "/api/whatsapp/contacts?pageSize=200")).json().items as WaContact[];
  const byNumber = (number: string) => contacts.find((contact) => contact.phoneE164 === `+${number}`);

  beforeAll(async () => {
    t = await createTestApp();
    bruno = await t.login("bruno");
    const tab = await openRealtime(t.parley.url, bruno);
    await t.call(bruno, "POST", "/api/whatsapp/connect");
    await t.call(bruno, "POST", "/api/whatsapp/demo-scan");
    await tab.waitFor((event) => event.type === "contact.updated", 15_000);
    tab.close();
    // The address book and the history sync both arrive: wait for every persona, then for the
    // simulator's deliveries and the inbox to settle.
    await eventually(async () => {
      const items = await listAll(bruno);
      return personas.every((persona) => items.some((c) => c.phoneE164 === `+${persona.waNumber}`));
    }, 15_000);
    await simulatorOf(t).webhooksIdle();
    await t.services.inboxWorker.idle();
    contacts = await listAll(bruno);
  });
  afterAll(() => t.close());

  it("pulls every person and group, with E.164 numbers", () => {
    expect(contacts.filter((contact) => contact.isGroup).length).toBeGreaterThanOrEqual(1);
    for (const contact of contacts.filter((c) => !c.isGroup && !c.jid.endsWith("@lid")))
      expect(contact.phoneE164).toMatch(/^\+\d{8,15}$/);
  });

  it("links exact numbers, however the contact book typed them", () => {
    for (const persona of personas.filter((p) => p.kind === "exact" || p.kind === "landline")) {
      const contact = byNumber(persona.waNumber);
      expect(contact, persona.name).toMatchObject({ matchKind: "e164", contact: { name: persona.name } });
    }
  });

  it("resolves LID-only contacts to their phone number and links those in the book", () => {
    for (const persona of personas.filter((p) => p.kind === "lid")) {
      const contact = byNumber(persona.waNumber);
      expect(contact?.jid).toBe(`${persona.waNumber}@s.whatsapp.net`);
      if (inBook(persona))
        expect(contact, persona.name).toMatchObject({ matchKind: "e164", contact: { name: persona.name } });
    }
    expect(contacts.some((contact) => contact.jid.endsWith("@lid"))).toBe(false);
  });

  it("suggests 9th-digit, Argentina and Mexico variants without linking them", () => {
    for (const persona of personas.filter((p) => ["br9", "ar9", "mx1"].includes(p.kind))) {
      const contact = byNumber(persona.waNumber);
      expect(contact, persona.name).toMatchObject({ matchKind: "variant", contactRefId: null });
      expect(contact?.candidates).toHaveLength(1);
    }
  });

  it("puts a number two contact-book cards share on the review list", () => {
    for (const persona of personas.filter((p) => p.kind === "dup")) {
      const contact = byNumber(persona.waNumber);
      expect(contact, persona.name).toMatchObject({ matchKind: "ambiguous", contactRefId: null });
      expect(contact?.candidates).toHaveLength(2);
    }
  });

  it("leaves strangers unmatched and reports the counts", async () => {
    for (const persona of personas.filter((p) => p.kind === "stranger"))
      expect(byNumber(persona.waNumber)?.matchKind).toBe("none");
    const counts = (await t.call(bruno, "GET", "/api/contacts/match-report")).json().counts;
    const people = contacts.filter((contact) => !contact.isGroup);
    expect(counts.matched).toBe(people.filter((c) => c.contactRefId !== null).length);
    expect(counts.variant).toBe(personas.filter((p) => ["br9", "ar9", "mx1"].includes(p.kind)).length);
    expect(counts.ambiguous).toBe(2);
    expect(counts.groups).toBe(contacts.length - people.length);
    expect(counts.total).toBe(contacts.length);
    const onlyVariants = (await t.call(bruno, "GET", "/api/whatsapp/contacts?match=variant")).json();
    expect(onlyVariants.total).toBe(counts.variant);
  });

  it("confirms a variant by hand; automatic runs leave the choice alone", async () => {
    const persona = personas.find((p) => p.kind === "br9") as Persona;
    const contact = byNumber(persona.waNumber) as WaContact;
    expect(
      (
        await t.call(bruno, "POST", `/api/whatsapp/contacts/${contact.id}/link`, {
          contactRefId: contact.candidates[0] as number,
        })
      ).statusCode,
    ).toBe(204);
    await t.services.whatsappContacts.rematchAll();
    const after = (await listAll(bruno)).find((c) => c.id === contact.id);
    expect(after).toMatchObject({
      matchKind: "manual",
      contactRefId: contact.candidates[0],
      contact: { name: persona.name },
    });
  });

  it("adds a stranger to the contact book with +, linked at once; refuses a second +", async () => {
    const stranger = byNumber((personas.find((p) => p.kind === "stranger") as Persona).waNumber) as WaContact;
    const vip = (await t.call(bruno, "GET", "/api/tags"))
      .json()
      .tags.find((tag: { name: string }) => tag.name === "VIP");
    const added = await t.call(bruno, "POST", `/api/whatsapp/contacts/${stranger.id}/add-to-book`, {
      name: "New Lead",
      tagId: vip.id,
      company: "Prospect Ltd",
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().contact).toMatchObject({
      name: "New Lead",
      phone: stranger.phoneE164,
      phoneE164: stranger.phoneE164,
      tagId: vip.id,
    });
    const linked = (await listAll(bruno)).find((c) => c.id === stranger.id);
    expect(linked).toMatchObject({ matchKind: "manual", contactRefId: added.json().contact.id });
    const again = await t.call(bruno, "POST", `/api/whatsapp/contacts/${stranger.id}/add-to-book`, {
      name: "Again",
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: "already_linked",
      details: { contactId: added.json().contact.id },
    });
  });

  it("refuses + for a number the book already has, pointing at that card", async () => {
    const exact = byNumber((personas.find((p) => p.kind === "exact") as Persona).waNumber) as WaContact;
    await t.call(bruno, "POST", `/api/whatsapp/contacts/${exact.id}/unlink`);
    const clash = await t.call(bruno, "POST", `/api/whatsapp/contacts/${exact.id}/add-to-book`, {
      name: "Duplicate",
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error).toMatchObject({
      code: "duplicate_phone",
      details: { contactId: exact.contactRefId },
    });
    await t.services.whatsappContacts.rematchAll();
    expect((await listAll(bruno)).find((c) => c.id === exact.id)).toMatchObject({
      matchKind: "manual",
      contactRefId: null,
    });
  });

  it("re-matches when the contact book changes", async () => {
    const stranger = byNumber(
      (personas.filter((p) => p.kind === "stranger")[1] as Persona).waNumber,
    ) as WaContact;
    const created = await t.call(bruno, "POST", "/api/contacts", {
      name: "Known Now",
      phone: stranger.phoneE164,
    });
    expect(created.statusCode).toBe(201);
    const matched = await eventually(async () => {
      const current = (await listAll(bruno)).find((c) => c.id === stranger.id);
      return current?.matchKind === "e164" ? current : null;
    });
    expect(matched.contactRefId).toBe(created.json().contact.id);
  });

  it("keeps each user's WhatsApp contacts private", async () => {
    const chen = await t.login("chen");
    expect((await t.call(chen, "GET", "/api/whatsapp/contacts")).json()).toMatchObject({
      items: [],
      total: 0,
    });
    const someone = contacts[0] as WaContact;
    expect((await t.call(chen, "POST", `/api/whatsapp/contacts/${someone.id}/unlink`)).statusCode).toBe(404);
    expect((await t.call(chen, "PUT", "/api/favourites", { contactWhatsappId: someone.id })).statusCode).toBe(
      404,
    );
  });

  it("pins favourites per user: add (idempotent), reorder, remove", async () => {
    const orgContact = (await t.call(bruno, "GET", "/api/contacts?pageSize=1")).json().items[0];
    const waContact = contacts.find((c) => !c.isGroup) as WaContact;
    const first = await t.call(bruno, "PUT", "/api/favourites", { contactRefId: orgContact.id });
    expect(first.statusCode).toBe(201);
    expect((await t.call(bruno, "PUT", "/api/favourites", { contactRefId: orgContact.id })).statusCode).toBe(
      200,
    );
    const second = await t.call(bruno, "PUT", "/api/favourites", { contactWhatsappId: waContact.id });
    expect(second.statusCode).toBe(201);
    let items = (await t.call(bruno, "GET", "/api/favourites")).json().items;
    expect(items.map((item: { kind: string }) => item.kind)).toEqual(["contact", "whatsapp"]);
    const ids = items.map((item: { id: number }) => item.id);
    expect(
      (await t.call(bruno, "PUT", "/api/favourites/order", { ids: [...ids].reverse() })).statusCode,
    ).toBe(204);
    items = (await t.call(bruno, "GET", "/api/favourites")).json().items;
    expect(items.map((item: { id: number }) => item.id)).toEqual([...ids].reverse());
    expect((await t.call(bruno, "PUT", "/api/favourites/order", { ids: [ids[0]] })).statusCode).toBe(400);
    const chen = await t.login("chen");
    expect((await t.call(chen, "GET", "/api/favourites")).json().items).toEqual([]);
    expect((await t.call(chen, "DELETE", `/api/favourites/${ids[0]}`)).statusCode).toBe(404);
    expect((await t.call(bruno, "DELETE", `/api/favourites/${ids[0]}`)).statusCode).toBe(204);
    expect((await t.call(bruno, "GET", "/api/favourites")).json().items).toHaveLength(1);
  });
});
