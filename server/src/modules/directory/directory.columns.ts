/**
 * Where each directory field lives in the organisation's MySQL schema. This is the one place to
 * change when a site's `data_feeds` tables or columns are named differently; the MySQL directory
 * reads and writes only through these names. The default is the schema of `db/data_feeds.sql`.
 *
 * A field mapped to null does not exist in the site's schema: Parley keeps it on its side
 * (`lastLoginAt`) or leaves it to the database default (`updatedAt`).
 */
export interface DirectoryColumns {
  users: {
    table: string;
    id: string;
    username: string;
    passwordHash: string;
    fullName: string;
    email: string;
    /** 'admin' or anything else (an agent). */
    role: string;
    /** 0/1 (TINYINT). */
    disabled: string;
    lastLoginAt: string | null;
    createdAt: string;
    updatedAt: string | null;
  };
  tags: {
    table: string;
    id: string;
    name: string;
    color: string;
    updatedAt: string | null;
  };
  contacts: {
    table: string;
    id: string;
    name: string;
    company: string;
    email: string;
    /** The phone as typed; Parley derives E.164 from it (the schema has no E.164 column). */
    phone: string;
    /** The tag's id (a single tag per contact). */
    tagId: string;
    notes: string;
    createdBy: string;
    createdAt: string;
    updatedAt: string;
  };
}

export const DATA_FEEDS_COLUMNS: DirectoryColumns = {
  users: {
    table: "user_ref",
    id: "id",
    username: "username",
    passwordHash: "password_hash",
    fullName: "full_name",
    email: "email",
    role: "role",
    disabled: "disabled",
    lastLoginAt: null,
    createdAt: "created_at",
    updatedAt: "updated_at",
  },
  tags: {
    table: "tag_ref",
    id: "id",
    name: "name",
    color: "color",
    updatedAt: "updated_at",
  },
  contacts: {
    table: "contact_ref",
    id: "id",
    name: "name",
    company: "company",
    email: "email",
    phone: "phone",
    tagId: "tag_id",
    notes: "notes",
    createdBy: "created_by",
    createdAt: "created_at",
    updatedAt: "updated_at",
  },
};
