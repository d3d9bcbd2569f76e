import { z } from "zod";
import type { Config } from "../../../config.js";
import { isUniqueViolation } from "../../../db/errors.js";
import { ValidationError } from "../../../lib/errors.js";
import { normalizeTypedPhone } from "../../../lib/phone.js";
import type { AuditRepo } from "../../audit/audit.repo.js";
import type { Directory, NewContact } from "../../directory/directory.js";
import { type CsvDelimiter, parseCsv } from "./csv.js";

export type ImportField = "name" | "company" | "email" | "phone" | "tag" | "notes";

/** Header names understood for each field (compared lower-cased, without accents or punctuation). */
const HEADER_ALIASES: Record<ImportField, string[]> = {
  name: ["name", "full name", "contact", "contact name", "nome"],
  company: ["company", "organisation", "organization", "business", "empresa"],
  email: ["email", "e mail", "mail", "email address"],
  phone: ["phone", "phone number", "telephone", "mobile", "whatsapp", "telefone", "celular"],
  tag: ["tag", "label", "category"],
  notes: ["notes", "note", "comments", "observacoes"],
};

export const IMPORT_BATCH_SIZE = 500;
export const IMPORT_MAX_ROWS = 100_000;

export interface ImportOptions {
  /** Create tags the file names but the directory lacks, instead of reporting those rows. */
  createTags: boolean;
}

export interface ImportRowContact {
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  phoneE164: string | null;
  tag: string | null;
  notes: string | null;
}

export interface ImportRow {
  line: number;
  status: "create" | "duplicate" | "error";
  errors: string[];
  contact: ImportRowContact;
}

export interface ImportPreview {
  delimiter: CsvDelimiter;
  /** Which column each field was read from. */
  columns: Partial<Record<ImportField, string>>;
  ignoredColumns: string[];
  /** Tag names in the file that the directory does not have (created on commit with `createTags`). */
  unknownTags: string[];
  rows: ImportRow[];
  counts: { total: number; create: number; duplicate: number; error: number };
}

export interface ImportResult extends ImportPreview {
  inserted: number;
  createdTags: string[];
}

const headerKey = (header: string) =>
  header
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

const cell = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `is longer than ${max} characters`)
    .transform((value) => (value === "" ? null : value));
const rowSchema = z.object({
  name: z.string().trim().min(1, "is required").max(160, "is longer than 160 characters"),
  company: cell(160),
  email: cell(254).pipe(z.email("is not a valid email address").nullable()),
  phone: cell(64),
  tag: cell(64),
  notes: cell(4000),
});

export interface ContactImportDeps {
  directory: Pick<Directory, "contacts" | "tags">;
  audit: Pick<AuditRepo, "record">;
  config: Pick<Config, "phoneDefaultRegion">;
  /** Called after contacts were added (WhatsApp contacts are matched again). */
  onBookChanged?: () => void;
}

/**
 * CSV import into the contact book: a preview that writes nothing (per-row status and errors),
 * and a commit that inserts the rows the preview marks "create", in batches, with one audit entry.
 * Duplicates are by E.164 phone, against the contact book and earlier rows of the same file.
 */
export function createContactImportService(deps: ContactImportDeps) {
  const { contacts, tags } = deps.directory;

  function mapHeader(header: string[]) {
    const columns: Partial<Record<ImportField, number>> = {};
    const ignored: string[] = [];
    header.forEach((title, index) => {
      const key = headerKey(title);
      const field = (Object.keys(HEADER_ALIASES) as ImportField[]).find((candidate) =>
        HEADER_ALIASES[candidate].includes(key),
      );
      if (field && columns[field] === undefined) columns[field] = index;
      else if (title.trim() !== "") ignored.push(title.trim());
    });
    if (columns.name === undefined) {
      throw new ValidationError(
        `The first line must name the columns, with at least a "name" column (found: ${header.join(", ") || "nothing"})`,
      );
    }
    return { columns, ignored };
  }

  async function preview(csv: string, options: ImportOptions): Promise<ImportPreview> {
    const table = parseCsv(csv);
    const [header, ...records] = table.records;
    if (!header) throw new ValidationError("The file is empty");
    if (records.length > IMPORT_MAX_ROWS)
      throw new ValidationError(`The file has more than ${IMPORT_MAX_ROWS} rows; split it`);
    const { columns, ignored } = mapHeader(header.fields);

    const knownTags = new Map((await tags.list()).map((tag) => [tag.name.toLowerCase(), tag.name]));
    const bookPhones = new Map<string, number>();
    for (const { id, phoneE164 } of await contacts.listPhones()) {
      if (!bookPhones.has(phoneE164)) bookPhones.set(phoneE164, id);
    }
    const filePhones = new Map<string, number>();
    const unknownTags = new Map<string, string>();

    const rows: ImportRow[] = [];
    for (const record of records) {
      const value = (field: ImportField) => {
        const index = columns[field];
        return index === undefined ? "" : (record.fields[index] ?? "");
      };
      if (record.fields.every((field) => field.trim() === "")) continue;
      const raw = {
        name: value("name"),
        company: value("company"),
        email: value("email"),
        phone: value("phone"),
        tag: value("tag"),
        notes: value("notes"),
      };
      const errors: string[] = [];
      const parsed = rowSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) errors.push(`${issue.path.join(".")}: ${issue.message}`);
      }
      const data = parsed.success ? parsed.data : null;
      const phoneText = data?.phone ?? (raw.phone.trim() || null);
      const phone = normalizeTypedPhone(phoneText, deps.config.phoneDefaultRegion);
      if (!phone.valid) errors.push("phone: not a valid phone number");

      const tagText = data?.tag ?? (raw.tag.trim() || null);
      let tagName: string | null = null;
      if (tagText) {
        const known = knownTags.get(tagText.toLowerCase());
        if (known) tagName = known;
        else if (options.createTags) {
          tagName = unknownTags.get(tagText.toLowerCase()) ?? tagText;
          unknownTags.set(tagText.toLowerCase(), tagName);
        } else {
          unknownTags.set(tagText.toLowerCase(), tagText);
          errors.push(`tag: no tag named "${tagText}"`);
        }
      }

      let status: ImportRow["status"] = errors.length > 0 ? "error" : "create";
      if (status === "create" && phone.e164) {
        const inBook = bookPhones.get(phone.e164);
        const inFile = filePhones.get(phone.e164);
        if (inBook !== undefined) {
          status = "duplicate";
          errors.push(`phone: already in the contact book (contact ${inBook})`);
        } else if (inFile !== undefined) {
          status = "duplicate";
          errors.push(`phone: same number as line ${inFile}`);
        } else filePhones.set(phone.e164, record.line);
      }
      rows.push({
        line: record.line,
        status,
        errors,
        contact: {
          name: data?.name ?? raw.name.trim(),
          company: data?.company ?? null,
          email: data?.email ?? null,
          phone: phoneText,
          phoneE164: phone.e164,
          tag: tagName ?? tagText,
          notes: data?.notes ?? null,
        },
      });
    }

    const count = (status: ImportRow["status"]) => rows.filter((row) => row.status === status).length;
    return {
      delimiter: table.delimiter,
      columns: Object.fromEntries(
        Object.entries(columns).map(([field, index]) => [field, (header.fields[index] ?? "").trim()]),
      ),
      ignoredColumns: ignored,
      unknownTags: [...unknownTags.values()],
      rows,
      counts: {
        total: rows.length,
        create: count("create"),
        duplicate: count("duplicate"),
        error: count("error"),
      },
    };
  }

  /**
   * Ids of the tags the rows to create name, creating the missing ones (only asked for with
   * `createTags`; otherwise those rows are errors). A tag someone created meanwhile is used as is.
   */
  async function tagIdsFor(rows: ImportRow[]): Promise<{ ids: Map<string, number>; created: string[] }> {
    const existing = async () => new Map((await tags.list()).map((tag) => [tag.name.toLowerCase(), tag.id]));
    let ids = await existing();
    const missing = new Map<string, string>();
    for (const { contact } of rows) {
      if (contact.tag && !ids.has(contact.tag.toLowerCase()))
        missing.set(contact.tag.toLowerCase(), contact.tag);
    }
    const created: string[] = [];
    for (const name of missing.values()) {
      try {
        await tags.create({ name, color: "#1677ff" });
        created.push(name);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    if (missing.size > 0) ids = await existing();
    return { ids, created };
  }

  return {
    preview,

    /** Inserts the rows the preview marks "create"; `actor` is null for the command line. */
    async commit(
      actor: { id: number } | null,
      csv: string,
      options: ImportOptions & { source: "api" | "cli" },
    ): Promise<ImportResult> {
      const result = await preview(csv, options);
      const toCreate = result.rows.filter((row) => row.status === "create");
      const { ids: tagIds, created } = await tagIdsFor(toCreate);
      const newContacts: NewContact[] = toCreate.map(({ contact }) => ({
        name: contact.name,
        company: contact.company,
        email: contact.email,
        phone: contact.phone,
        phoneE164: contact.phoneE164,
        tagId: contact.tag ? (tagIds.get(contact.tag.toLowerCase()) ?? null) : null,
        notes: contact.notes,
        createdBy: actor?.id ?? null,
      }));
      let inserted = 0;
      for (let i = 0; i < newContacts.length; i += IMPORT_BATCH_SIZE) {
        inserted += await contacts.createMany(newContacts.slice(i, i + IMPORT_BATCH_SIZE));
      }
      if (inserted > 0) deps.onBookChanged?.();
      await deps.audit.record({
        userId: actor?.id ?? null,
        action: "contacts.imported",
        targetType: "contact",
        details: { source: options.source, ...result.counts, inserted, createdTags: created },
      });
      return { ...result, inserted, createdTags: created };
    },
  };
}

export type ContactImportService = ReturnType<typeof createContactImportService>;
