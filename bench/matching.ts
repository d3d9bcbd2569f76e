import {
  createOrgIndex,
  type IdentityLink,
  type MatchDecision,
  matchWhatsappContacts,
  type OrgContact,
  type WhatsappContact,
} from "../server/src/modules/contacts/matching/match-engine.js";
import { type Figure, lower, ms } from "./lib.js";

const CONTACTS = 100_000;
const RUNS = 3;

/** Brazilian area codes the generated numbers spread over. */
const AREA_CODES = ["11", "21", "31", "41", "51", "61", "71", "81", "85", "91"];
const UNDECIDED: MatchDecision = { contactRefId: null, matchKind: "none", candidates: [] };

/** Deterministic PRNG (mulberry32), so every run matches the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The n-th distinct Brazilian mobile in its current 9-digit form (`+55 AA 9[6-9]XX XXXXX`). */
function mobile(n: number): string {
  const area = AREA_CODES[n % AREA_CODES.length] as string;
  return `+55${area}9${6 + (Math.floor(n / AREA_CODES.length) % 4)}${String(n).padStart(7, "0")}`;
}

const withoutNinthDigit = (e164: string) => `${e164.slice(0, 5)}${e164.slice(6)}`;

function shuffle<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * 100k org contacts and 100k WhatsApp contacts: 40% share an exact number, 5% differ by the
 * Brazilian 9th digit, 1% have a number two org contacts share, the rest match nothing (and being
 * Brazilian mobiles, each still costs a variant look-up). 2% of the WhatsApp contacts also have a
 * durable link, so every row pays for the link look-up too.
 */
export function generateContacts(): {
  org: OrgContact[];
  whatsapp: WhatsappContact[];
  links: IdentityLink[];
} {
  const orgPhones: string[] = [];
  const whatsappPhones: string[] = [];
  let n = 0;
  const pairs = (
    count: number,
    orgForms: (phone: string) => string[],
    whatsappForm: (phone: string) => string,
  ) => {
    for (const end = n + count; n < end; n++) {
      orgPhones.push(...orgForms(mobile(n)));
      whatsappPhones.push(whatsappForm(mobile(n)));
    }
  };
  pairs(
    CONTACTS * 0.4,
    (phone) => [phone],
    (phone) => phone,
  );
  pairs(CONTACTS * 0.05, (phone) => [phone], withoutNinthDigit);
  pairs(
    CONTACTS * 0.01,
    (phone) => [phone, phone],
    (phone) => phone,
  );
  while (orgPhones.length < CONTACTS) orgPhones.push(mobile(n++));
  while (whatsappPhones.length < CONTACTS) whatsappPhones.push(mobile(n++));
  const next = random(42);
  const whatsapp = shuffle(whatsappPhones, next).map((phoneE164, index) => ({
    id: index + 1,
    jid: `${phoneE164.slice(1)}@s.whatsapp.net`,
    lid: `${10 ** 14 + index}@lid`,
    phoneE164,
    isGroup: false,
    current: UNDECIDED,
  }));
  return {
    org: shuffle(orgPhones, next).map((phoneE164, index) => ({ id: index + 1, phoneE164 })),
    whatsapp,
    links: whatsapp
      .filter((_, index) => index % 50 === 0)
      .map(({ lid }, index) => ({ lid, contactRefId: index + 1 })),
  };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

/** Milliseconds of `work`, median of RUNS after one warm-up run. */
function time(work: () => unknown): number {
  work();
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** The match engine over 100k × 100k, against a plain Map build and lookup of the same keys. */
export async function benchMatching(): Promise<Figure[]> {
  const { org, whatsapp, links } = generateContacts();
  const engine = time(() =>
    matchWhatsappContacts({ orgIndex: createOrgIndex(org), whatsappContacts: whatsapp, links }),
  );
  const plainMap = time(() => {
    const index = new Map(org.map((contact) => [contact.phoneE164, contact.id]));
    let found = 0;
    for (const contact of whatsapp) if (index.has(contact.phoneE164)) found++;
    return found;
  });
  return [
    {
      name: "Match 100k WhatsApp contacts against 100k org contacts (index + engine, median of 3)",
      value: ms(engine),
      goal: "< 1 s (excluding I/O)",
      ratio: `${(engine / plainMap).toFixed(1)}× a plain Map build + lookup of the same keys (${ms(plainMap)})`,
      measures: [lower("matching-100k", engine, "ms"), lower("matching-100k-vs-map", engine / plainMap, "×")],
    },
  ];
}
