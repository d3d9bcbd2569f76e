import { CompiledQuery, type Expression, Kysely, MysqlDialect, type SqlBool, sql } from "kysely";
import { createPool } from "mysql2";
import { z } from "zod";
import { ConfigError } from "../../lib/errors.js";
import { DATA_FEEDS_COLUMNS, type DirectoryColumns } from "./directory.columns.js";
import type {
  Contact,
  ContactPatch,
  Directory,
  DirectoryUser,
  DirectoryUserPatch,
  NewContact,
} from "./directory.js";
import { chunks, likeContains, parseSort, searchDigits } from "./directory.shared.js";
import { PhoneIndex } from "./phone-index.js";

/** The site's schema is described at run time by `DirectoryColumns`, so tables are typed loosely. */
type LooseDb = Record<string, Record<string, unknown>>;

export interface MysqlDirectoryOptions {
  url: string;
  phoneDefaultRegion: string;
  columns?: DirectoryColumns;
  poolSize?: number;
  /** How stale the derived E.164 index may get before a lookup rescans (external writers). */
  phoneIndexMaxAgeMs?: number;
  /**
   * Last sign-ins kept on Parley's side, for schemas without such a column (`lastLoginAt: null`):
   * read once per user (e.g. from Parley's audit log), then kept up to date by `recordLogin`.
   */
  lastLogins?: (ids: number[]) => Promise<Map<number, Date>>;
}

export interface MysqlDirectory extends Directory {
  kind: "mysql";
  /** Checks that every mapped table and column exists; throws a ConfigError listing the missing ones. */
  checkSchema(): Promise<void>;
  /** Builds the phone index ahead of the first lookup (about 1.6 s per 100k contacts). */
  warm(): Promise<void>;
  close(): Promise<void>;
}

const INSERT_BATCH = 1000;
/** Search wildcard escape: not a backslash, whose meaning depends on the server's sql_mode. */
const ESCAPE = "!";

const id = z.coerce.number().int();
const text = z.string();
const optionalText = z.string().nullable();
const flag = z.union([z.boolean(), z.coerce.number()]).transform((value) => value === true || value === 1);
const date = z.date();

const userRow = z.object({
  id,
  username: text,
  passwordHash: text,
  fullName: text,
  email: optionalText,
  role: z.string().transform((role): "admin" | "agent" => (role === "admin" ? "admin" : "agent")),
  disabled: flag,
  lastLoginAt: date.nullable(),
  createdAt: date,
});
const tagRow = z.object({ id, name: text, color: text });
const tagCountRow = tagRow.extend({ contactCount: z.coerce.number() });
const contactRow = z.object({
  id,
  name: text,
  company: optionalText,
  email: optionalText,
  phone: optionalText,
  tagId: id.nullable(),
  notes: optionalText,
  createdBy: id.nullable(),
  createdAt: date,
  updatedAt: date,
});
const phoneRow = z.object({ id, phone: optionalText });
const countRow = z.object({ n: z.coerce.number() });

/**
 * The directory in the organisation's MySQL/MariaDB `data_feeds` schema. Tables and columns come
 * from `DirectoryColumns`; Parley never alters that schema. E.164 phones are derived by Parley
 * (`PhoneIndex`), since `contact_ref` keeps only the phone as typed.
 */
export function createMysqlDirectory(options: MysqlDirectoryOptions): MysqlDirectory {
  const c = options.columns ?? DATA_FEEDS_COLUMNS;
  const U = c.users;
  const T = c.tags;
  const C = c.contacts;
  const pool = createPool({
    uri: options.url,
    connectionLimit: options.poolSize ?? 5,
    timezone: "Z",
    dateStrings: false,
    supportBigNumbers: true,
    charset: "utf8mb4",
  });
  const db = new Kysely<LooseDb>({
    dialect: new MysqlDialect({
      pool,
      // TIMESTAMP columns convert through the session time zone; mysql2 reads and writes UTC.
      onCreateConnection: async (connection) => {
        await connection.executeQuery(CompiledQuery.raw("SET time_zone = '+00:00'"));
      },
    }),
  });

  const ref = (table: string, column: string) => sql.ref(`${table}.${column}`);
  /** `select physical as logical, ...`; an unmapped field reads as NULL. */
  const columns = (table: string, fields: Record<string, string | null>) =>
    Object.entries(fields).map(([alias, column]) =>
      column === null ? sql<null>`null`.as(alias) : ref(table, column).as(alias),
    );
  const now = () => new Date();
  const touch = (column: string | null) => (column ? { [column]: now() } : {});
  const insertedId = (result: { insertId?: bigint | undefined }) => {
    if (result.insertId === undefined) throw new Error("MySQL did not report the inserted id");
    return Number(result.insertId);
  };
  const countOf = async (table: string) => {
    const row = await db.selectFrom(table).select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
    return countRow.parse(row).n;
  };

  // --- users -------------------------------------------------------------------------------------

  const userFields = {
    id: U.id,
    username: U.username,
    passwordHash: U.passwordHash,
    fullName: U.fullName,
    email: U.email,
    role: U.role,
    disabled: U.disabled,
    lastLoginAt: U.lastLoginAt,
    createdAt: U.createdAt,
  };
  const selectUsers = () => db.selectFrom(U.table).select(columns(U.table, userFields));

  /** Last sign-ins Parley keeps itself when the schema has no column for them. */
  const lastLogins = new Map<number, Date | null>();
  async function withLastLogins(users: DirectoryUser[]): Promise<DirectoryUser[]> {
    if (U.lastLoginAt !== null) return users;
    const unknown = users.map((user) => user.id).filter((userId) => !lastLogins.has(userId));
    if (unknown.length > 0) {
      const found = options.lastLogins ? await options.lastLogins(unknown) : new Map<number, Date>();
      for (const userId of unknown)
        if (!lastLogins.has(userId)) lastLogins.set(userId, found.get(userId) ?? null);
    }
    return users.map((user) => ({ ...user, lastLoginAt: lastLogins.get(user.id) ?? null }));
  }
  const toUsers = (rows: unknown[]) => withLastLogins(rows.map((row) => userRow.parse(row)));
  const firstUser = async (rows: unknown[]) => (await toUsers(rows))[0] ?? null;
  const findUser = async (userId: number) =>
    firstUser(await selectUsers().where(ref(U.table, U.id), "=", userId).execute());

  const userColumns = (patch: DirectoryUserPatch & { username?: string }) => ({
    ...(patch.username !== undefined && { [U.username]: patch.username }),
    ...(patch.passwordHash !== undefined && { [U.passwordHash]: patch.passwordHash }),
    ...(patch.fullName !== undefined && { [U.fullName]: patch.fullName }),
    ...(patch.email !== undefined && { [U.email]: patch.email }),
    ...(patch.role !== undefined && { [U.role]: patch.role }),
    ...(patch.disabled !== undefined && { [U.disabled]: patch.disabled ? 1 : 0 }),
  });

  // --- tags --------------------------------------------------------------------------------------

  const selectTags = () =>
    db.selectFrom(T.table).select(columns(T.table, { id: T.id, name: T.name, color: T.color }));
  const findTag = async (tagId: number) => {
    const row = await selectTags().where(ref(T.table, T.id), "=", tagId).executeTakeFirst();
    return row ? tagRow.parse(row) : null;
  };

  // --- contacts ----------------------------------------------------------------------------------

  const phones = new PhoneIndex({
    region: options.phoneDefaultRegion,
    maxAgeMs: options.phoneIndexMaxAgeMs ?? 30_000,
    load: async () => {
      const rows = await db
        .selectFrom(C.table)
        .select(columns(C.table, { id: C.id, phone: C.phone }))
        .execute();
      return rows.map((row) => phoneRow.parse(row));
    },
  });
  const contactFields = {
    id: C.id,
    name: C.name,
    company: C.company,
    email: C.email,
    phone: C.phone,
    tagId: C.tagId,
    notes: C.notes,
    createdBy: C.createdBy,
    createdAt: C.createdAt,
    updatedAt: C.updatedAt,
  };
  const selectContacts = () => db.selectFrom(C.table).select(columns(C.table, contactFields));
  const toContact = (raw: unknown): Contact => {
    const row = contactRow.parse(raw);
    return { ...row, phoneE164: phones.e164For(row.id, row.phone) };
  };
  const findContact = async (contactId: number) => {
    const row = await selectContacts().where(ref(C.table, C.id), "=", contactId).executeTakeFirst();
    return row ? toContact(row) : null;
  };
  /** The phone's E.164 form is derived, never stored: `phoneE164` in a write is ignored. */
  const contactColumns = (contact: ContactPatch & { createdBy?: number | null }) => ({
    ...(contact.name !== undefined && { [C.name]: contact.name }),
    ...(contact.company !== undefined && { [C.company]: contact.company }),
    ...(contact.email !== undefined && { [C.email]: contact.email }),
    ...(contact.phone !== undefined && { [C.phone]: contact.phone }),
    ...(contact.tagId !== undefined && { [C.tagId]: contact.tagId }),
    ...(contact.notes !== undefined && { [C.notes]: contact.notes }),
    ...(contact.createdBy !== undefined && { [C.createdBy]: contact.createdBy }),
  });
  const newContactColumns = (contact: NewContact) => {
    const at = now();
    return { ...contactColumns(contact), [C.createdAt]: at, [C.updatedAt]: at };
  };
  const lower = (column: string) => sql`lower(${ref(C.table, column)})`;
  const SORT = { name: C.name, company: C.company, updatedAt: C.updatedAt } as const;

  return {
    kind: "mysql",

    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },

    async checkSchema() {
      const rows = await db
        .selectFrom("information_schema.COLUMNS")
        .select([sql<string>`TABLE_NAME`.as("table"), sql<string>`COLUMN_NAME`.as("column")])
        .where(sql`TABLE_SCHEMA`, "=", sql`database()`)
        .execute();
      const present = new Set(rows.map((row) => `${String(row.table)}.${String(row.column)}`.toLowerCase()));
      const missing = [U, T, C].flatMap((mapping) =>
        Object.entries(mapping)
          .filter(([field, column]) => field !== "table" && column !== null)
          .map(([, column]) => `${mapping.table}.${column}`)
          .filter((name) => !present.has(name.toLowerCase())),
      );
      if (missing.length > 0) {
        throw new ConfigError(
          missing.map(
            (name) =>
              `DATA_FEEDS_URL: the schema has no column ${name} (see server/src/modules/directory/directory.columns.ts)`,
          ),
        );
      }
    },

    warm: () => phones.fresh(),
    close: () => db.destroy(),

    users: {
      async findByUsername(username) {
        return firstUser(
          await selectUsers()
            .where(sql`lower(${ref(U.table, U.username)})`, "=", username.toLowerCase())
            .execute(),
        );
      },
      findById: findUser,
      async list() {
        return toUsers(await selectUsers().orderBy(ref(U.table, U.username)).execute());
      },
      count: () => countOf(U.table),
      async create(user) {
        const at = now();
        const result = await db
          .insertInto(U.table)
          .values({
            ...userColumns(user),
            [U.disabled]: 0,
            [U.createdAt]: at,
            ...(U.updatedAt && { [U.updatedAt]: at }),
          })
          .executeTakeFirstOrThrow();
        const created = await findUser(insertedId(result));
        if (!created) throw new Error("the new user could not be read back");
        return created;
      },
      async update(userId, patch) {
        await db
          .updateTable(U.table)
          .set({ ...userColumns(patch), ...touch(U.updatedAt) })
          .where(ref(U.table, U.id), "=", userId)
          .execute();
        return findUser(userId);
      },
      async recordLogin(userId, at) {
        if (U.lastLoginAt === null) {
          lastLogins.set(userId, at);
          return;
        }
        await db
          .updateTable(U.table)
          .set({ [U.lastLoginAt]: at })
          .where(ref(U.table, U.id), "=", userId)
          .execute();
      },
    },

    tags: {
      async list() {
        const rows = await db
          .selectFrom(`${T.table} as t`)
          .leftJoin(`${C.table} as c`, `c.${C.tagId}`, `t.${T.id}`)
          .select([
            sql.ref(`t.${T.id}`).as("id"),
            sql.ref(`t.${T.name}`).as("name"),
            sql.ref(`t.${T.color}`).as("color"),
            sql<number>`count(${sql.ref(`c.${C.id}`)})`.as("contactCount"),
          ])
          .groupBy([`t.${T.id}`, `t.${T.name}`, `t.${T.color}`])
          .orderBy(sql`lower(${sql.ref(`t.${T.name}`)})`)
          .execute();
        return rows.map((row) => tagCountRow.parse(row));
      },
      findById: findTag,
      count: () => countOf(T.table),
      async create(tag) {
        const result = await db
          .insertInto(T.table)
          .values({ [T.name]: tag.name, [T.color]: tag.color })
          .executeTakeFirstOrThrow();
        const created = await findTag(insertedId(result));
        if (!created) throw new Error("the new tag could not be read back");
        return created;
      },
      async update(tagId, patch) {
        await db
          .updateTable(T.table)
          .set({
            ...(patch.name !== undefined && { [T.name]: patch.name }),
            ...(patch.color !== undefined && { [T.color]: patch.color }),
            ...touch(T.updatedAt),
          })
          .where(ref(T.table, T.id), "=", tagId)
          .execute();
        return findTag(tagId);
      },
      async remove(tagId) {
        // Untag first: a site's schema may have no ON DELETE SET NULL foreign key.
        return db.transaction().execute(async (trx) => {
          await trx
            .updateTable(C.table)
            .set({ [C.tagId]: null })
            .where(ref(C.table, C.tagId), "=", tagId)
            .execute();
          const result = await trx
            .deleteFrom(T.table)
            .where(ref(T.table, T.id), "=", tagId)
            .executeTakeFirst();
          return Number(result.numDeletedRows) > 0;
        });
      },
    },

    contacts: {
      async search(query) {
        let base = db.selectFrom(C.table);
        if (query.q) {
          const pattern = likeContains(query.q.toLowerCase(), ESCAPE);
          const digits = searchDigits(query.q);
          const byPhone = digits ? await phones.idsContaining(digits) : [];
          base = base.where((eb) => {
            const like = (column: string): Expression<SqlBool> =>
              sql<SqlBool>`${lower(column)} like ${pattern} escape ${ESCAPE}`;
            return eb.or([
              like(C.name),
              like(C.company),
              like(C.email),
              like(C.phone),
              ...(byPhone.length > 0 ? [eb(ref(C.table, C.id), "in", byPhone)] : []),
            ]);
          });
        }
        if (query.tagId !== undefined) base = base.where(ref(C.table, C.tagId), "=", query.tagId);
        const { field, descending } = parseSort(query.sort);
        const column = ref(C.table, SORT[field]);
        const direction = sql.raw(descending ? "desc" : "asc");
        const [rows, total] = await Promise.all([
          base
            .select(columns(C.table, contactFields))
            // Empty values last in both directions, as on PostgreSQL.
            .orderBy(sql`${column} is null`)
            .orderBy(field === "updatedAt" ? sql`${column} ${direction}` : sql`lower(${column}) ${direction}`)
            .orderBy(ref(C.table, C.id))
            .offset(query.offset)
            .limit(query.limit)
            .execute(),
          base.select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow(),
        ]);
        return { items: rows.map(toContact), total: countRow.parse(total).n };
      },
      findById: findContact,
      async findByPhoneE164(phoneE164) {
        const ids = await phones.idsFor(phoneE164);
        if (ids.length === 0) return [];
        const rows = await selectContacts()
          .where(ref(C.table, C.id), "in", ids)
          .orderBy(ref(C.table, C.id))
          .execute();
        // The rows are current; the index may not be (another system edited a phone): trust the rows.
        const contacts = rows.map(toContact);
        for (const contact of contacts) phones.set(contact.id, contact.phone);
        return contacts.filter((contact) => contact.phoneE164 === phoneE164);
      },
      listPhones: () => phones.all(),
      count: () => countOf(C.table),
      async create(contact) {
        const result = await db
          .insertInto(C.table)
          .values(newContactColumns(contact))
          .executeTakeFirstOrThrow();
        const contactId = insertedId(result);
        phones.set(contactId, contact.phone);
        const created = await findContact(contactId);
        if (!created) throw new Error("the new contact could not be read back");
        return created;
      },
      async createMany(contacts) {
        let inserted = 0;
        for (const batch of chunks(contacts, INSERT_BATCH)) {
          const result = await db
            .insertInto(C.table)
            .values(batch.map(newContactColumns))
            .executeTakeFirstOrThrow();
          inserted += Number(result.numInsertedOrUpdatedRows ?? batch.length);
        }
        // Multi-row inserts do not report every id: the index rescans on its next lookup.
        if (inserted > 0) phones.invalidate();
        return inserted;
      },
      async update(contactId, patch) {
        await db
          .updateTable(C.table)
          .set({ ...contactColumns(patch), [C.updatedAt]: now() })
          .where(ref(C.table, C.id), "=", contactId)
          .execute();
        const contact = await findContact(contactId);
        if (contact && patch.phone !== undefined) phones.set(contactId, contact.phone);
        return contact;
      },
      async remove(contactId) {
        const result = await db
          .deleteFrom(C.table)
          .where(ref(C.table, C.id), "=", contactId)
          .executeTakeFirst();
        phones.set(contactId, undefined);
        return Number(result.numDeletedRows) > 0;
      },
    },
  };
}
