import type { UserRole } from "../../db/schema.js";

/**
 * The organisation's directory: staff (`user_ref`), tags (`tag_ref`) and the contact book
 * (`contact_ref`). It may live in Parley's own database or in the organisation's MySQL
 * `data_feeds` schema; everything else in Parley sees only this interface.
 */
export interface DirectoryUser {
  id: number;
  username: string;
  passwordHash: string;
  fullName: string;
  email: string | null;
  role: UserRole;
  disabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export interface NewDirectoryUser {
  username: string;
  passwordHash: string;
  fullName: string;
  email: string | null;
  role: UserRole;
}

export type DirectoryUserPatch = Partial<
  Pick<DirectoryUser, "passwordHash" | "fullName" | "email" | "role" | "disabled">
>;

export interface Tag {
  id: number;
  name: string;
  color: string;
}

export interface TagWithCount extends Tag {
  contactCount: number;
}

export interface Contact {
  id: number;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  phoneE164: string | null;
  tagId: number | null;
  notes: string | null;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewContact = Omit<Contact, "id" | "createdAt" | "updatedAt">;
export type ContactPatch = Partial<Omit<NewContact, "createdBy">>;

export type ContactSort = "name" | "-name" | "company" | "-company" | "updatedAt" | "-updatedAt";

export interface ContactQuery {
  q?: string | undefined;
  tagId?: number | undefined;
  sort: ContactSort;
  offset: number;
  limit: number;
}

export interface Directory {
  /** Where the directory lives: Parley's own database, or the organisation's MySQL schema. */
  kind: "parley" | "mysql";
  /** True when the directory's database answers (readiness). */
  ping(): Promise<boolean>;
  users: {
    findByUsername(username: string): Promise<DirectoryUser | null>;
    findById(id: number): Promise<DirectoryUser | null>;
    list(): Promise<DirectoryUser[]>;
    count(): Promise<number>;
    create(user: NewDirectoryUser): Promise<DirectoryUser>;
    update(id: number, patch: DirectoryUserPatch): Promise<DirectoryUser | null>;
    recordLogin(id: number, at: Date): Promise<void>;
  };
  tags: {
    list(): Promise<TagWithCount[]>;
    findById(id: number): Promise<Tag | null>;
    count(): Promise<number>;
    create(tag: Omit<Tag, "id">): Promise<Tag>;
    update(id: number, patch: Partial<Omit<Tag, "id">>): Promise<Tag | null>;
    /** Removes the tag; contacts that had it keep no tag. False when there was no such tag. */
    remove(id: number): Promise<boolean>;
  };
  contacts: {
    /** A page of matches; `total` stops counting at 10,000 (`totalIsCapped`) where the directory caps it. */
    search(query: ContactQuery): Promise<{ items: Contact[]; total: number; totalIsCapped?: boolean }>;
    findById(id: number): Promise<Contact | null>;
    findByPhoneE164(phoneE164: string): Promise<Contact[]>;
    /** Every contact's id and E.164 phone (the match engine's index); contacts without one are left out. */
    listPhones(): Promise<Array<{ id: number; phoneE164: string }>>;
    count(): Promise<number>;
    create(contact: NewContact): Promise<Contact>;
    createMany(contacts: NewContact[]): Promise<number>;
    update(id: number, patch: ContactPatch): Promise<Contact | null>;
    remove(id: number): Promise<boolean>;
  };
}
