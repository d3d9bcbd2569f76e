import { readFile } from "node:fs/promises";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { hashPassword } from "../lib/password.js";
import { normalizeTypedPhone } from "../lib/phone.js";
import { readDumpInserts } from "../lib/sql-dump.js";
import type { Directory, NewContact } from "../modules/directory/directory.js";

export const SAMPLE_DUMP_PATH = new URL("../../../db/data_feeds.sql", import.meta.url);

export interface SeedResult {
  kind: "none" | "sample" | "admin";
  users: string[];
}

/**
 * On the first start of an empty directory: load the sample organisation (demo and tests), or
 * create the bootstrap admin from ADMIN_USERNAME/ADMIN_PASSWORD (production). Never both, and
 * never on a directory that already has users.
 */
export async function seedDirectory(
  directory: Directory,
  config: Config,
  logger: Logger,
): Promise<SeedResult> {
  if ((await directory.users.count()) > 0) return { kind: "none", users: [] };
  if (config.seedSampleData) {
    const users = await loadSampleDump(directory, config.phoneDefaultRegion);
    logger.info({ users }, "loaded the sample directory from db/data_feeds.sql");
    return { kind: "sample", users };
  }
  if (config.bootstrapAdmin) {
    const { username, password } = config.bootstrapAdmin;
    await directory.users.create({
      username,
      passwordHash: await hashPassword(password),
      fullName: "Administrator",
      email: null,
      role: "admin",
    });
    logger.info({ username }, "created the first administrator");
    return { kind: "admin", users: [username] };
  }
  logger.warn(
    "the directory has no users: set ADMIN_USERNAME and ADMIN_PASSWORD to create the first administrator",
  );
  return { kind: "none", users: [] };
}

async function loadSampleDump(directory: Directory, region: string): Promise<string[]> {
  const dump = readDumpInserts(await readFile(SAMPLE_DUMP_PATH, "utf8"));
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

  const tagIds = new Map<number, number>();
  for (const row of dump.get("tag_ref") ?? []) {
    const tag = await directory.tags.create({ name: String(row.name), color: text(row.color) ?? "#1677ff" });
    tagIds.set(Number(row.id), tag.id);
  }
  const usernames: string[] = [];
  const userIds = new Map<number, number>();
  for (const row of dump.get("user_ref") ?? []) {
    const user = await directory.users.create({
      username: String(row.username),
      passwordHash: String(row.password_hash),
      fullName: String(row.full_name),
      email: text(row.email),
      role: row.role === "admin" ? "admin" : "agent",
    });
    if (row.disabled === 1) await directory.users.update(user.id, { disabled: true });
    userIds.set(Number(row.id), user.id);
    usernames.push(user.username);
  }
  const contacts: NewContact[] = (dump.get("contact_ref") ?? []).map((row) => ({
    name: String(row.name),
    company: text(row.company),
    email: text(row.email),
    phone: text(row.phone),
    phoneE164: normalizeTypedPhone(text(row.phone), region).e164,
    tagId: row.tag_id === null ? null : (tagIds.get(Number(row.tag_id)) ?? null),
    notes: text(row.notes),
    createdBy: row.created_by === null ? null : (userIds.get(Number(row.created_by)) ?? null),
  }));
  await directory.contacts.createMany(contacts);
  return usernames;
}
