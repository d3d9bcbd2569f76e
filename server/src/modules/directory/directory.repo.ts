import { type Selectable, sql } from "kysely";
import { cappedCount } from "../../db/capped-count.js";
import { type Db, isDatabaseReachable } from "../../db/database.js";
import type { ContactRefTable, UserRefTable } from "../../db/schema.js";
import type { Contact, ContactSort, Directory, DirectoryUser, NewContact } from "./directory.js";
import { likeContains, parseSort, searchDigits } from "./directory.shared.js";

const toUser = (row: Selectable<UserRefTable>): DirectoryUser => ({
  id: row.id,
  username: row.username,
  passwordHash: row.password_hash,
  fullName: row.full_name,
  email: row.email,
  role: row.role,
  disabled: row.disabled,
  lastLoginAt: row.last_login_at,
  createdAt: row.created_at,
});

const toContact = (row: Selectable<ContactRefTable>): Contact => ({
  id: row.id,
  name: row.name,
  company: row.company,
  email: row.email,
  phone: row.phone,
  phoneE164: row.phone_e164,
  tagId: row.tag_id,
  notes: row.notes,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const contactColumns = (contact: Partial<NewContact>) => ({
  ...(contact.name !== undefined && { name: contact.name }),
  ...(contact.company !== undefined && { company: contact.company }),
  ...(contact.email !== undefined && { email: contact.email }),
  ...(contact.phone !== undefined && { phone: contact.phone }),
  ...(contact.phoneE164 !== undefined && { phone_e164: contact.phoneE164 }),
  ...(contact.tagId !== undefined && { tag_id: contact.tagId }),
  ...(contact.notes !== undefined && { notes: contact.notes }),
  ...(contact.createdBy !== undefined && { created_by: contact.createdBy }),
});

const SORT_COLUMNS = {
  name: sql`lower(name)`,
  company: sql`lower(company)`,
  updatedAt: sql`updated_at`,
} as const;

function orderBy(sort: ContactSort) {
  const { field, descending } = parseSort(sort);
  return sql`${SORT_COLUMNS[field]} ${sql.raw(descending ? "desc" : "asc")} nulls last, id asc`;
}

/** Postgres' LIKE escapes with a backslash unless told otherwise. */
const likePattern = (text: string) => likeContains(text, "\\");

/** The directory in Parley's own PostgreSQL (or embedded PGlite) database. */
export function createSqlDirectory(db: Db): Directory {
  const count = async (table: "user_ref" | "tag_ref" | "contact_ref") => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  return {
    kind: "parley",
    ping: () => isDatabaseReachable(db),
    users: {
      async findByUsername(username) {
        const row = await db
          .selectFrom("user_ref")
          .selectAll()
          .where(sql<string>`lower(username)`, "=", username.toLowerCase())
          .executeTakeFirst();
        return row ? toUser(row) : null;
      },
      async findById(id) {
        const row = await db.selectFrom("user_ref").selectAll().where("id", "=", id).executeTakeFirst();
        return row ? toUser(row) : null;
      },
      async list() {
        const rows = await db.selectFrom("user_ref").selectAll().orderBy("username").execute();
        return rows.map(toUser);
      },
      count: () => count("user_ref"),
      async create(user) {
        const row = await db
          .insertInto("user_ref")
          .values({
            username: user.username,
            password_hash: user.passwordHash,
            full_name: user.fullName,
            email: user.email,
            role: user.role,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toUser(row);
      },
      async update(id, patch) {
        const row = await db
          .updateTable("user_ref")
          .set({
            ...(patch.passwordHash !== undefined && { password_hash: patch.passwordHash }),
            ...(patch.fullName !== undefined && { full_name: patch.fullName }),
            ...(patch.email !== undefined && { email: patch.email }),
            ...(patch.role !== undefined && { role: patch.role }),
            ...(patch.disabled !== undefined && { disabled: patch.disabled }),
            updated_at: new Date(),
          })
          .where("id", "=", id)
          .returningAll()
          .executeTakeFirst();
        return row ? toUser(row) : null;
      },
      async recordLogin(id, at) {
        await db.updateTable("user_ref").set({ last_login_at: at }).where("id", "=", id).execute();
      },
    },

    tags: {
      async list() {
        const rows = await db
          .selectFrom("tag_ref as t")
          .leftJoin("contact_ref as c", "c.tag_id", "t.id")
          .select(["t.id", "t.name", "t.color", (eb) => eb.fn.count<number>("c.id").as("contact_count")])
          .groupBy(["t.id", "t.name", "t.color"])
          .orderBy(sql`lower(t.name)`)
          .execute();
        return rows.map((row) => ({
          id: row.id,
          name: row.name,
          color: row.color,
          contactCount: Number(row.contact_count),
        }));
      },
      async findById(id) {
        const row = await db
          .selectFrom("tag_ref")
          .select(["id", "name", "color"])
          .where("id", "=", id)
          .executeTakeFirst();
        return row ?? null;
      },
      count: () => count("tag_ref"),
      async create(tag) {
        return db
          .insertInto("tag_ref")
          .values({ name: tag.name, color: tag.color })
          .returning(["id", "name", "color"])
          .executeTakeFirstOrThrow();
      },
      async update(id, patch) {
        const row = await db
          .updateTable("tag_ref")
          .set({
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.color !== undefined && { color: patch.color }),
            updated_at: new Date(),
          })
          .where("id", "=", id)
          .returning(["id", "name", "color"])
          .executeTakeFirst();
        return row ?? null;
      },
      async remove(id) {
        const result = await db.deleteFrom("tag_ref").where("id", "=", id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      },
    },

    contacts: {
      async search(query) {
        let base = db.selectFrom("contact_ref");
        if (query.q) {
          const pattern = likePattern(query.q);
          const digits = searchDigits(query.q);
          base = base.where((eb) =>
            eb.or([
              eb("name", "ilike", pattern),
              eb("company", "ilike", pattern),
              eb("email", "ilike", pattern),
              eb("phone", "ilike", pattern),
              ...(digits ? [eb("phone_e164", "like", likePattern(digits))] : []),
            ]),
          );
        }
        if (query.tagId !== undefined) base = base.where("tag_id", "=", query.tagId);
        const [items, total] = await Promise.all([
          base.selectAll().orderBy(orderBy(query.sort)).offset(query.offset).limit(query.limit).execute(),
          cappedCount(db, base.selectAll()),
        ]);
        return { items: items.map(toContact), ...total };
      },
      async findById(id) {
        const row = await db.selectFrom("contact_ref").selectAll().where("id", "=", id).executeTakeFirst();
        return row ? toContact(row) : null;
      },
      async findByPhoneE164(phoneE164) {
        const rows = await db
          .selectFrom("contact_ref")
          .selectAll()
          .where("phone_e164", "=", phoneE164)
          .orderBy("id")
          .execute();
        return rows.map(toContact);
      },
      async listPhones() {
        const rows = await db
          .selectFrom("contact_ref")
          .select(["id", "phone_e164"])
          .where("phone_e164", "is not", null)
          .execute();
        return rows.map((row) => ({ id: row.id, phoneE164: row.phone_e164 as string }));
      },
      count: () => count("contact_ref"),
      async create(contact) {
        const row = await db
          .insertInto("contact_ref")
          .values({ ...contactColumns(contact), name: contact.name })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toContact(row);
      },
      async createMany(contacts) {
        // Batches keep each statement well under PostgreSQL's 65,535 bind parameters.
        for (let start = 0; start < contacts.length; start += 1000) {
          await db
            .insertInto("contact_ref")
            .values(
              contacts
                .slice(start, start + 1000)
                .map((contact) => ({ ...contactColumns(contact), name: contact.name })),
            )
            .execute();
        }
        return contacts.length;
      },
      async update(id, patch) {
        const row = await db
          .updateTable("contact_ref")
          .set({ ...contactColumns(patch), updated_at: new Date() })
          .where("id", "=", id)
          .returningAll()
          .executeTakeFirst();
        return row ? toContact(row) : null;
      },
      async remove(id) {
        const result = await db.deleteFrom("contact_ref").where("id", "=", id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      },
    },
  };
}
