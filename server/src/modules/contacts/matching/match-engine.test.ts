import { describe, expect, it } from "vitest";
import {
  createOrgIndex,
  type IdentityLink,
  type MatchDecision,
  type MatchResult,
  matchWhatsappContacts,
  type OrgContact,
  type WhatsappContact,
} from "./match-engine.js";

const UNDECIDED: MatchDecision = { contactRefId: null, matchKind: "none", candidates: [] };

function whatsapp(
  id: number,
  phoneE164: string | null,
  extra: Partial<WhatsappContact> = {},
): WhatsappContact {
  const jid = phoneE164 ? `${phoneE164.slice(1)}@s.whatsapp.net` : `${id}@lid`;
  return { id, jid, lid: null, phoneE164, isGroup: false, current: UNDECIDED, ...extra };
}

function run(org: OrgContact[], contacts: WhatsappContact[], links: IdentityLink[] = []): MatchResult {
  return matchWhatsappContacts({ orgIndex: createOrgIndex(org), whatsappContacts: contacts, links });
}

/** The WhatsApp contacts with the result's decisions applied, as the caller would store them. */
function applied(contacts: WhatsappContact[], result: MatchResult): WhatsappContact[] {
  const byId = new Map(result.decisions.map(({ id, ...decision }) => [id, decision]));
  return contacts.map((contact) => ({ ...contact, current: byId.get(contact.id) ?? contact.current }));
}

const decisionOf = (result: MatchResult, id: number) => {
  const { id: _id, ...decision } = result.decisions.find((row) => row.id === id) ?? { id };
  return decision;
};

const ALICE = "+5511987654321";
const BOB = "+447911123456";

describe("createOrgIndex", () => {
  it("lists org contacts by E.164, sorted, without contacts that have no phone", () => {
    const index = createOrgIndex([
      { id: 9, phoneE164: ALICE },
      { id: 3, phoneE164: ALICE },
      { id: 4, phoneE164: null },
      { id: 5, phoneE164: BOB },
    ]);
    expect([...index]).toEqual([
      [ALICE, [3, 9]],
      [BOB, [5]],
    ]);
  });
});

describe("matchWhatsappContacts", () => {
  it("links one exact E.164 match", () => {
    const result = run([{ id: 1, phoneE164: ALICE }], [whatsapp(10, ALICE)]);
    expect(result.decisions).toEqual([{ id: 10, contactRefId: 1, matchKind: "e164", candidates: [] }]);
  });

  it("leaves two org contacts with one number to a person, candidates sorted", () => {
    const result = run(
      [
        { id: 7, phoneE164: ALICE },
        { id: 2, phoneE164: ALICE },
      ],
      [whatsapp(10, ALICE)],
    );
    expect(decisionOf(result, 10)).toEqual({
      contactRefId: null,
      matchKind: "ambiguous",
      candidates: [2, 7],
    });
  });

  it("suggests a single variant without linking it", () => {
    const result = run([{ id: 1, phoneE164: "+551187654321" }], [whatsapp(10, ALICE)]);
    expect(decisionOf(result, 10)).toEqual({ contactRefId: null, matchKind: "variant", candidates: [1] });
  });

  it("matches variants both ways: Brazil, Argentina, Mexico", () => {
    const result = run(
      [
        { id: 1, phoneE164: "+5531988887777" },
        { id: 2, phoneE164: "+541123456789" },
        { id: 3, phoneE164: "+525512345678" },
      ],
      [whatsapp(10, "+553188887777"), whatsapp(11, "+5491123456789"), whatsapp(12, "+5215512345678")],
    );
    expect(result.decisions.map(({ id, matchKind, candidates }) => [id, matchKind, candidates])).toEqual([
      [10, "variant", [1]],
      [11, "variant", [2]],
      [12, "variant", [3]],
    ]);
  });

  it("prefers the exact number over a variant", () => {
    const result = run(
      [
        { id: 1, phoneE164: "+551187654321" },
        { id: 2, phoneE164: ALICE },
      ],
      [whatsapp(10, ALICE)],
    );
    expect(decisionOf(result, 10)).toEqual({ contactRefId: 2, matchKind: "e164", candidates: [] });
  });

  it("makes several variant hits ambiguous", () => {
    const result = run(
      [
        { id: 5, phoneE164: "+551187654321" },
        { id: 4, phoneE164: "+551187654321" },
      ],
      [whatsapp(10, ALICE)],
    );
    expect(decisionOf(result, 10)).toEqual({
      contactRefId: null,
      matchKind: "ambiguous",
      candidates: [4, 5],
    });
  });

  it("has no variant for a landline or a country without rules", () => {
    const result = run(
      [
        { id: 1, phoneE164: "+5511934567890" },
        { id: 2, phoneE164: "+4407911123456" },
      ],
      [whatsapp(10, "+551134567890"), whatsapp(11, BOB)],
    );
    expect(result.decisions).toEqual([]);
    expect(result.counts.none).toBe(2);
  });

  it("never matches a group, even with a matching number or a link", () => {
    const group = whatsapp(10, ALICE, { jid: "120363025246125244@g.us", isGroup: true });
    const linked = {
      ...group,
      id: 11,
      current: { contactRefId: 1, matchKind: "e164" as const, candidates: [] },
    };
    const result = run([{ id: 1, phoneE164: ALICE }], [group, linked], [{ jid: group.jid, contactRefId: 1 }]);
    expect(result.decisions).toEqual([{ id: 11, ...UNDECIDED }]);
    expect(result.counts).toMatchObject({ groups: 2, none: 0 });
  });

  it("respects a manual link and a manual unlink", () => {
    const linkedByHand = whatsapp(10, ALICE, {
      current: { contactRefId: 2, matchKind: "manual", candidates: [] },
    });
    const unlinkedByHand = whatsapp(11, ALICE, {
      current: { contactRefId: null, matchKind: "manual", candidates: [] },
    });
    const result = run(
      [{ id: 1, phoneE164: ALICE }],
      [linkedByHand, unlinkedByHand],
      [{ jid: linkedByHand.jid, contactRefId: 1 }],
    );
    expect(result.decisions).toEqual([]);
    expect(result.counts.manual).toBe(2);
  });

  it("links by a durable JID link before the phone number, whatever device or server spelling", () => {
    const result = run(
      [{ id: 1, phoneE164: ALICE }],
      [whatsapp(10, ALICE)],
      [{ jid: "5511987654321:3@c.us", contactRefId: 8 }],
    );
    expect(decisionOf(result, 10)).toEqual({ contactRefId: 8, matchKind: "jid", candidates: [] });
  });

  it("links by a durable LID link", () => {
    const contact = whatsapp(10, ALICE, { lid: "123456789012345@lid" });
    const result = run([], [contact], [{ lid: "123456789012345@lid", contactRefId: 8 }]);
    expect(decisionOf(result, 10)).toEqual({ contactRefId: 8, matchKind: "jid", candidates: [] });
  });

  it("makes links to two different org contacts ambiguous", () => {
    const contact = whatsapp(10, ALICE, { lid: "123456789012345@lid" });
    const result = run(
      [],
      [contact],
      [
        { jid: contact.jid, contactRefId: 9 },
        { lid: "123456789012345@lid", contactRefId: 8 },
      ],
    );
    expect(decisionOf(result, 10)).toEqual({
      contactRefId: null,
      matchKind: "ambiguous",
      candidates: [8, 9],
    });
  });

  it("matches a LID-only contact by its link and by nothing else", () => {
    const known = whatsapp(10, null, { jid: "111@lid", lid: "111@lid" });
    const unknown = whatsapp(11, null, { jid: "222@lid", lid: "222@lid" });
    const result = run(
      [{ id: 1, phoneE164: null }],
      [known, unknown],
      [{ jid: "999@s.whatsapp.net", lid: "111:2@lid", contactRefId: 3 }],
    );
    expect(result.decisions).toEqual([{ id: 10, contactRefId: 3, matchKind: "jid", candidates: [] }]);
    expect(result.counts).toMatchObject({ jid: 1, none: 1 });
  });

  it("re-decides stale automatic decisions", () => {
    const stale = whatsapp(10, ALICE, { current: { contactRefId: 4, matchKind: "e164", candidates: [] } });
    const result = run([{ id: 1, phoneE164: ALICE }], [stale]);
    expect(result.decisions).toEqual([{ id: 10, contactRefId: 1, matchKind: "e164", candidates: [] }]);
  });

  const org: OrgContact[] = [
    { id: 1, phoneE164: ALICE },
    { id: 2, phoneE164: BOB },
    { id: 3, phoneE164: BOB },
    { id: 4, phoneE164: "+553188887777" },
  ];
  const contacts = [
    whatsapp(10, ALICE),
    whatsapp(11, BOB),
    whatsapp(12, "+5531988887777"),
    whatsapp(13, "+12125550100"),
    whatsapp(14, null, { jid: "111@lid", lid: "111@lid" }),
    whatsapp(15, "+351912345678", { current: { contactRefId: 2, matchKind: "manual", candidates: [] } }),
    whatsapp(16, null, { jid: "120363025246125244@g.us", isGroup: true }),
  ];
  const links = [{ lid: "111@lid", contactRefId: 2 }];

  it("counts every row by its decision", () => {
    expect(run(org, contacts, links).counts).toEqual({
      jid: 1,
      e164: 1,
      variant: 1,
      manual: 1,
      ambiguous: 1,
      none: 1,
      groups: 1,
    });
  });

  it("is idempotent: running on its own output changes nothing", () => {
    const first = run(org, contacts, links);
    expect(first.decisions).toHaveLength(4);
    const second = run(org, applied(contacts, first), links);
    expect(second.decisions).toEqual([]);
    expect(second.counts).toEqual(first.counts);
  });

  it("is incremental: a new org contact changes only the rows it concerns", () => {
    const settled = applied(contacts, run(org, contacts, links));
    const withCarol = [...org, { id: 5, phoneE164: "+12125550100" }, { id: 6, phoneE164: "+5531988887777" }];
    const result = run(withCarol, settled, links);
    expect(result.decisions).toEqual([
      { id: 12, contactRefId: 6, matchKind: "e164", candidates: [] },
      { id: 13, contactRefId: 5, matchKind: "e164", candidates: [] },
    ]);
  });
});
