/**
 * Generates the sample organisation directory (`db/data_feeds.sql`) and the simulator's phone
 * fixture (`wuzapi-sim/src/fixtures/personas.json`) from one deterministic source, so the demo's
 * simulated phones overlap the contact book in the ways real data does: exact matches, Brazilian
 * 9th-digit variants, Argentina/Mexico variants, duplicates, contacts known only by LID, and
 * strangers. Run: `npx tsx scripts/generate-sample-data.ts`.
 */
import { writeFileSync } from "node:fs";

const PASSWORD_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$6Vu2ioEU7cUOMM+7PnPxMg$hUsXfc5owgdvdxR/suRey/G8SrbYYQNUJcn8pPw6188";

let state = 20261125;
function rand(): number {
  state = (state * 1103515245 + 12345) & 0x7fffffff;
  return state / 0x7fffffff;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join("");

const FIRST = [
  "Ana",
  "Bruna",
  "Carlos",
  "Daniela",
  "Eduardo",
  "Fernanda",
  "Gabriel",
  "Helena",
  "Igor",
  "Julia",
  "Lucas",
  "Mariana",
  "Nuno",
  "Olivia",
  "Paulo",
  "Rafaela",
  "Sofia",
  "Tiago",
  "Vitoria",
  "William",
  "Amelia",
  "George",
  "Harriet",
  "Oliver",
  "Priya",
  "Mateo",
  "Valentina",
  "Santiago",
  "Camila",
  "Diego",
  "Lucia",
  "Hugo",
];
const LAST = [
  "Silva",
  "Santos",
  "Oliveira",
  "Souza",
  "Pereira",
  "Costa",
  "Ferreira",
  "Almeida",
  "Ribeiro",
  "Carvalho",
  "Gomes",
  "Martins",
  "Araujo",
  "Barbosa",
  "Smith",
  "Jones",
  "Taylor",
  "Brown",
  "Wilson",
  "Garcia",
  "Lopez",
  "Fernandez",
  "Romero",
  "Hernandez",
  "Patel",
  "Nakamura",
];
const COMPANIES = [
  "Acme Logistica",
  "Borealis Tech",
  "Casa Verde",
  "Delta Imports",
  "Estrela Foods",
  "Fjord Media",
  "Granito Engenharia",
  "Harbour & Co",
  "Iris Clinic",
  "Jacaranda Hotel",
  null,
  null,
  null,
];
const TAGS: Array<[string, string]> = [
  ["Customer", "#1677ff"],
  ["Supplier", "#52c41a"],
  ["Lead", "#faad14"],
  ["VIP", "#eb2f96"],
  ["Partner", "#722ed1"],
  ["Do not contact", "#8c8c8c"],
];

type Kind = "exact" | "br9" | "ar9" | "mx1" | "dup" | "lid" | "stranger" | "landline";
interface Persona {
  name: string;
  /** international number WhatsApp uses, digits only (the JID user part) */
  waNumber: string;
  /** how the org typed it, or null when the person is not in the contact book */
  typed: string | null;
  kind: Kind;
  lid?: string;
  bot?: boolean;
}

/** A UK mobile without the trunk 0: 74xx-79xx (070 and 076 are personal and pager numbers). */
function ukMobile(): string {
  return `7${pick(["4", "5", "7", "8", "9"])}${digits(8)}`;
}

/** A Brazilian mobile subscriber number: 9 digits, a leading 9 then 6-9. */
function brMobile(): string {
  return `9${pick(["6", "7", "8", "9"])}${digits(7)}`;
}

function formatBr(area: string, sub: string, style: number): string {
  const a = sub.slice(0, sub.length - 4);
  const b = sub.slice(-4);
  switch (style % 5) {
    case 0:
      return `(0${area}) ${a}-${b}`;
    case 1:
      return `+55 ${area} ${a}-${b}`;
    case 2:
      return `${area}${sub}`;
    case 3:
      return `55 ${area} ${a} ${b}`;
    default:
      return `(${area}) ${a}.${b}`;
  }
}

const personas: Persona[] = [];
const name = () => `${pick(FIRST)} ${pick(LAST)}`;
const areasSP = ["11", "21", "19", "27"];
const areasLegacy = ["31", "41", "51", "61", "71", "81"];
for (let i = 0; i < 14; i++) {
  const area = pick(areasSP);
  const sub = brMobile();
  personas.push({ name: name(), waNumber: `55${area}${sub}`, typed: formatBr(area, sub, i), kind: "exact" });
}
for (let i = 0; i < 5; i++) {
  // Legacy registrations outside areas 1x/2x: WhatsApp keeps the number without the 9th digit.
  const area = pick(areasLegacy);
  const sub = brMobile();
  personas.push({
    name: name(),
    waNumber: `55${area}${sub.slice(1)}`,
    typed: formatBr(area, sub, i + 1),
    kind: "br9",
  });
}
for (let i = 0; i < 2; i++) {
  // Buenos Aires subscriber numbers start with 2-6; WhatsApp adds the mobile 9 after the country code.
  const local = `11${pick(["4", "5", "6"])}${digits(7)}`;
  personas.push({
    name: name(),
    waNumber: `549${local}`,
    typed: `+54 11 ${local.slice(2, 6)}-${local.slice(6)}`,
    kind: "ar9",
  });
}
for (let i = 0; i < 2; i++) {
  const local = `55${digits(8)}`;
  personas.push({
    name: name(),
    waNumber: `521${local}`,
    typed: `+52 55 ${local.slice(2, 6)} ${local.slice(6)}`,
    kind: "mx1",
  });
}
for (let i = 0; i < 3; i++) {
  const sub = ukMobile();
  const international = `+44 ${sub.slice(0, 4)} ${sub.slice(4)}`;
  const typed =
    [international, `0044 ${sub.slice(0, 4)} ${sub.slice(4)}`, `+44 (0)${sub}`][i] ?? international;
  personas.push({ name: name(), waNumber: `44${sub}`, typed, kind: "exact" });
}
for (let i = 0; i < 2; i++) {
  const area = "11";
  const sub = brMobile();
  personas.push({ name: name(), waNumber: `55${area}${sub}`, typed: formatBr(area, sub, i), kind: "dup" });
}
for (let i = 0; i < 4; i++) {
  const area = pick(areasSP);
  const sub = brMobile();
  personas.push({
    name: name(),
    waNumber: `55${area}${sub}`,
    typed: i < 2 ? formatBr(area, sub, i + 2) : null,
    kind: "lid",
    lid: `${1 + Math.floor(rand() * 9)}${digits(14)}`,
  });
}
for (let i = 0; i < 8; i++) {
  const area = pick(areasSP);
  personas.push({
    name: name(),
    waNumber: `55${area}${brMobile()}`,
    typed: null,
    kind: "stranger",
    bot: i < 3,
  });
}
{
  // A New York landline running WhatsApp Business, typed in the US style with its country code.
  const [exchange, line] = [`${2 + Math.floor(rand() * 7)}${digits(2)}`, digits(4)];
  personas.push({
    name: "Harbour & Co Reception",
    waNumber: `1212${exchange}${line}`,
    typed: `+1 (212) ${exchange}-${line}`,
    kind: "landline",
  });
}

const sqlString = (v: string | null) =>
  v === null ? "NULL" : `'${v.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

interface ContactRow {
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  tag: number | null;
  notes: string | null;
}
const contacts: ContactRow[] = [];
const emailOf = (n: string, company: string | null) =>
  company && rand() < 0.7
    ? `${n.toLowerCase().replace(/[^a-z]+/g, ".")}@${company.toLowerCase().replace(/[^a-z]+/g, "")}.example`
    : null;
for (const p of personas) {
  if (!p.typed) continue;
  const company = pick(COMPANIES);
  contacts.push({
    name: p.name,
    company,
    email: emailOf(p.name, company),
    phone: p.typed,
    tag: 1 + Math.floor(rand() * TAGS.length),
    notes: null,
  });
  if (p.kind === "dup") {
    // A second card for the same number: a colleague's desk phone typed differently.
    const other = name();
    contacts.push({
      name: other,
      company,
      email: null,
      phone: `+${p.waNumber}`,
      tag: 1 + Math.floor(rand() * TAGS.length),
      notes: "Shares a phone with a colleague",
    });
  }
}
const MESSY = ["n/a", "", "ask reception", "123", "+55 11 0000", "00 55 11 9", "tel: none"];
while (contacts.length < 320) {
  const company = pick(COMPANIES);
  const n = name();
  const r = rand();
  let phone: string | null;
  if (r < 0.55) {
    const area = pick([...areasSP, ...areasLegacy]);
    phone = formatBr(area, brMobile(), Math.floor(rand() * 5));
  } else if (r < 0.65) {
    const area = pick(areasSP);
    phone = `(${area}) ${3 + Math.floor(rand() * 2)}${digits(3)}-${digits(4)}`;
  } else if (r < 0.75) {
    const sub = ukMobile();
    phone = pick([
      `+44 ${sub.slice(0, 4)} ${sub.slice(4)}`,
      `0044${sub}`,
      `+44-${sub.slice(0, 4)}-${sub.slice(4)}`,
    ]);
  } else if (r < 0.82) {
    phone = `+1 (${pick(["212", "415", "617"])}) ${digits(3)}-${digits(4)}`;
  } else if (r < 0.86) {
    phone = `+351 9${digits(2)} ${digits(3)} ${digits(3)}`;
  } else if (r < 0.9) {
    phone = `+49 15${digits(1)} ${digits(8)}`;
  } else if (r < 0.95) {
    phone = pick(MESSY);
  } else {
    phone = null;
  }
  contacts.push({
    name: n,
    company,
    email: emailOf(n, company),
    phone,
    tag: rand() < 0.8 ? 1 + Math.floor(rand() * TAGS.length) : null,
    notes: rand() < 0.1 ? "Prefers WhatsApp over email" : null,
  });
}

const lines: string[] = [];
lines.push(
  "-- Sample dump of the organisation's `data_feeds` directory schema (MySQL/MariaDB).",
  "-- Generated by scripts/generate-sample-data.ts. Loaded by Parley's embedded demo and tests,",
  "-- and by the Compose `data-feeds` profile. Sample users: alice (admin), bruno, chen; password parley-demo.",
  "",
  "SET NAMES utf8mb4;",
  "",
  "CREATE TABLE IF NOT EXISTS user_ref (",
  "  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,",
  "  username VARCHAR(64) NOT NULL UNIQUE,",
  "  password_hash VARCHAR(255) NOT NULL,",
  "  full_name VARCHAR(120) NOT NULL,",
  "  email VARCHAR(254) NULL,",
  "  role VARCHAR(16) NOT NULL DEFAULT 'agent',",
  "  disabled TINYINT(1) NOT NULL DEFAULT 0,",
  "  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),",
  "  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)",
  ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;",
  "",
  "CREATE TABLE IF NOT EXISTS tag_ref (",
  "  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,",
  "  name VARCHAR(64) NOT NULL UNIQUE,",
  "  color VARCHAR(7) NOT NULL DEFAULT '#1677ff',",
  "  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),",
  "  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)",
  ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;",
  "",
  "CREATE TABLE IF NOT EXISTS contact_ref (",
  "  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,",
  "  name VARCHAR(160) NOT NULL,",
  "  company VARCHAR(160) NULL,",
  "  email VARCHAR(254) NULL,",
  "  phone VARCHAR(64) NULL,",
  "  tag_id INT NULL,",
  "  notes TEXT NULL,",
  "  created_by INT NULL,",
  "  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),",
  "  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),",
  "  KEY contact_ref_tag (tag_id),",
  "  CONSTRAINT contact_ref_tag_fk FOREIGN KEY (tag_id) REFERENCES tag_ref (id) ON DELETE SET NULL",
  ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;",
  "",
);
lines.push("INSERT INTO user_ref (id, username, password_hash, full_name, email, role, disabled) VALUES");
const users = [
  { username: "alice", fullName: "Alice Moreira", email: "alice@parley.example", role: "admin" },
  { username: "bruno", fullName: "Bruno Tavares", email: "bruno@parley.example", role: "agent" },
  { username: "chen", fullName: "Chen Wei", email: "chen@parley.example", role: "agent" },
];
lines.push(
  `${users.map((u, i) => `  (${i + 1}, ${sqlString(u.username)}, ${sqlString(PASSWORD_HASH)}, ${sqlString(u.fullName)}, ${sqlString(u.email)}, ${sqlString(u.role)}, 0)`).join(",\n")};`,
  "",
);
lines.push("INSERT INTO tag_ref (id, name, color) VALUES");
lines.push(`${TAGS.map(([n, c], i) => `  (${i + 1}, ${sqlString(n)}, ${sqlString(c)})`).join(",\n")};`, "");
lines.push("INSERT INTO contact_ref (id, name, company, email, phone, tag_id, notes, created_by) VALUES");
lines.push(
  `${contacts.map((c, i) => `  (${i + 1}, ${sqlString(c.name)}, ${sqlString(c.company)}, ${sqlString(c.email)}, ${sqlString(c.phone)}, ${c.tag ?? "NULL"}, ${sqlString(c.notes)}, 1)`).join(",\n")};`,
  "",
);

writeFileSync(new URL("../db/data_feeds.sql", import.meta.url), `${lines.join("\n")}\n`);
writeFileSync(
  new URL("../wuzapi-sim/src/fixtures/personas.json", import.meta.url),
  `${JSON.stringify(
    personas.map(({ typed: _t, ...p }) => p),
    null,
    2,
  )}\n`,
);
console.log(`${contacts.length} contacts, ${personas.length} personas`);
