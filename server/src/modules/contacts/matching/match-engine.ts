import type { MatchKind } from "../../../db/schema.js";
import { canonicalJid, phoneVariants } from "../../../lib/phone.js";

/**
 * Decides which org contact (`contact_ref`) each WhatsApp contact is, from data already loaded:
 * no I/O, so imports, re-runs after edits and single live senders all go through the same rules.
 * Only exact identities link on their own; everything weaker waits for a person.
 */

export type { MatchKind };

export interface OrgContact {
  id: number;
  phoneE164: string | null;
}

export interface MatchDecision {
  contactRefId: number | null;
  matchKind: MatchKind;
  /** Org contacts a person should choose from (ambiguous) or confirm (variant); empty otherwise. */
  candidates: number[];
}

export interface WhatsappContact {
  id: number;
  jid: string;
  lid: string | null;
  phoneE164: string | null;
  isGroup: boolean;
  current: MatchDecision;
}

/** A JID or LID tied to an org contact by a person or by adding the contact from a chat. */
export interface IdentityLink {
  jid?: string;
  lid?: string;
  contactRefId: number;
}

/** Org contact ids by E.164, each list sorted ascending. */
export type OrgIndex = ReadonlyMap<string, readonly number[]>;
/** Org contact ids by canonical JID or LID, each list sorted ascending. */
export type LinkIndex = ReadonlyMap<string, readonly number[]>;

export interface MatchCounts {
  jid: number;
  e164: number;
  variant: number;
  manual: number;
  ambiguous: number;
  /** People with no match; groups are counted apart. */
  none: number;
  groups: number;
}

export interface MatchResult {
  /** Only the WhatsApp contacts whose decision differs from `current`. */
  decisions: Array<{ id: number } & MatchDecision>;
  /** Every WhatsApp contact, by the kind of its decision. */
  counts: MatchCounts;
}

const noMatch = (): MatchDecision => ({ contactRefId: null, matchKind: "none", candidates: [] });

function addId(index: Map<string, number[]>, key: string, id: number): void {
  const ids = index.get(key);
  if (!ids) index.set(key, [id]);
  else if (!ids.includes(id)) ids.push(id);
}

function sortIds(index: Map<string, number[]>): Map<string, number[]> {
  for (const ids of index.values()) if (ids.length > 1) ids.sort((a, b) => a - b);
  return index;
}

export function createOrgIndex(orgContacts: Iterable<OrgContact>): OrgIndex {
  const index = new Map<string, number[]>();
  for (const { id, phoneE164 } of orgContacts) if (phoneE164) addId(index, phoneE164, id);
  return sortIds(index);
}

export function createLinkIndex(links: Iterable<IdentityLink>): LinkIndex {
  const index = new Map<string, number[]>();
  for (const { jid, lid, contactRefId } of links) {
    if (jid) addId(index, canonicalJid(jid), contactRefId);
    if (lid) addId(index, canonicalJid(lid), contactRefId);
  }
  return sortIds(index);
}

const NOTHING: readonly number[] = [];

function linkedContactIds(contact: WhatsappContact, linkIndex: LinkIndex): readonly number[] {
  if (linkIndex.size === 0) return NOTHING;
  const byJid = linkIndex.get(canonicalJid(contact.jid)) ?? NOTHING;
  const byLid = contact.lid ? (linkIndex.get(canonicalJid(contact.lid)) ?? NOTHING) : NOTHING;
  if (byLid.length === 0) return byJid;
  return [...new Set([...byJid, ...byLid])].sort((a, b) => a - b);
}

/**
 * The decision when a rule found `ids` (at least one): one org contact is linked, or for a
 * variant suggested; several are left to a person to choose from.
 */
function decide(ids: readonly number[], rule: "jid" | "e164" | "variant"): MatchDecision {
  const [id] = ids;
  if (id === undefined || ids.length > 1)
    return { contactRefId: null, matchKind: "ambiguous", candidates: [...ids] };
  if (rule === "variant") return { contactRefId: null, matchKind: "variant", candidates: [id] };
  return { contactRefId: id, matchKind: rule, candidates: [] };
}

/**
 * The rules, in order: groups never match; a manual decision stands; a durable JID/LID link;
 * exactly one org contact with the same E.164; exactly one with a variant of it (suggested, not
 * linked). Several org contacts at the deciding step make it ambiguous.
 */
export function decideMatch(
  contact: WhatsappContact,
  orgIndex: OrgIndex,
  linkIndex: LinkIndex,
): MatchDecision {
  if (contact.isGroup) return noMatch();
  if (contact.current.matchKind === "manual") return contact.current;
  const linked = linkedContactIds(contact, linkIndex);
  if (linked.length > 0) return decide(linked, "jid");
  const phone = contact.phoneE164;
  if (!phone) return noMatch();
  const exact = orgIndex.get(phone);
  if (exact) return decide(exact, "e164");
  const variantIds = phoneVariants(phone).flatMap((variant) => orgIndex.get(variant.e164) ?? NOTHING);
  if (variantIds.length > 1) variantIds.sort((a, b) => a - b);
  return variantIds.length > 0 ? decide(variantIds, "variant") : noMatch();
}

function sameDecision(a: MatchDecision, b: MatchDecision): boolean {
  return (
    a.contactRefId === b.contactRefId &&
    a.matchKind === b.matchKind &&
    a.candidates.length === b.candidates.length &&
    a.candidates.every((id, index) => id === b.candidates[index])
  );
}

/**
 * Matches every WhatsApp contact and returns what changed, so applying the result and running
 * again yields no decisions. Pass an `orgIndex` built once with `createOrgIndex` to reuse it.
 */
export function matchWhatsappContacts(input: {
  orgIndex: OrgIndex;
  whatsappContacts: Iterable<WhatsappContact>;
  links: Iterable<IdentityLink>;
}): MatchResult {
  const linkIndex = createLinkIndex(input.links);
  const counts: MatchCounts = { jid: 0, e164: 0, variant: 0, manual: 0, ambiguous: 0, none: 0, groups: 0 };
  const decisions: MatchResult["decisions"] = [];
  for (const contact of input.whatsappContacts) {
    const decision = decideMatch(contact, input.orgIndex, linkIndex);
    if (contact.isGroup) counts.groups++;
    else counts[decision.matchKind]++;
    if (!sameDecision(decision, contact.current)) decisions.push({ id: contact.id, ...decision });
  }
  return { decisions, counts };
}
