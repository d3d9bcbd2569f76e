import { type Kysely, sql } from "kysely";

/**
 * The full data model of ARCHITECTURE.md §2. Parley's own tables never hold foreign keys to the
 * directory tables (user_ref, contact_ref, tag_ref): the directory may live in another database
 * (MySQL `data_feeds`), so those references are plain ids checked by the services.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;

  await db.schema
    .createTable("user_ref")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("username", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("full_name", "text", (c) => c.notNull())
    .addColumn("email", "text")
    .addColumn("role", "text", (c) => c.notNull().defaultTo("agent").check(sql`role in ('admin', 'agent')`))
    .addColumn("disabled", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("last_login_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`create unique index user_ref_username_key on user_ref (lower(username))`.execute(db);

  await db.schema
    .createTable("tag_ref")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("color", "text", (c) => c.notNull().defaultTo("#1677ff"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`create unique index tag_ref_name_key on tag_ref (lower(name))`.execute(db);

  await db.schema
    .createTable("contact_ref")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("company", "text")
    .addColumn("email", "text")
    .addColumn("phone", "text")
    .addColumn("phone_e164", "text")
    .addColumn("tag_id", "integer", (c) => c.references("tag_ref.id").onDelete("set null"))
    .addColumn("notes", "text")
    .addColumn("created_by", "integer")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex("contact_ref_phone_e164").on("contact_ref").column("phone_e164").execute();
  await db.schema.createIndex("contact_ref_tag_id").on("contact_ref").column("tag_id").execute();
  await sql`create index contact_ref_name_lower on contact_ref (lower(name))`.execute(db);

  await db.schema
    .createTable("wa_account")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().unique())
    .addColumn("wuzapi_instance", "text", (c) => c.notNull().defaultTo("default"))
    .addColumn("wuzapi_user_id", "text")
    .addColumn("wuzapi_token_enc", "text")
    .addColumn("hmac_key_enc", "text")
    .addColumn("webhook_secret", "text", (c) => c.notNull().unique())
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .defaultTo("new")
        .check(sql`state in ('new', 'qr', 'connected', 'disconnected', 'logged_out', 'error')`),
    )
    .addColumn("state_detail", "text")
    .addColumn("qr_code", "text")
    .addColumn("qr_expires_at", "timestamptz")
    .addColumn("jid", "text")
    .addColumn("lid", "text")
    .addColumn("phone_e164", "text")
    .addColumn("push_name", "text")
    .addColumn("connected_at", "timestamptz")
    .addColumn("import_state", "text", (c) => c.notNull().defaultTo("idle"))
    .addColumn("import_total", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("import_done", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("unsigned_webhooks", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable("contact_whatsapp")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("account_id", "integer", (c) => c.notNull().references("wa_account.id").onDelete("cascade"))
    .addColumn("jid", "text", (c) => c.notNull())
    .addColumn("lid", "text")
    .addColumn("phone_e164", "text")
    .addColumn("push_name", "text")
    .addColumn("full_name", "text")
    .addColumn("first_name", "text")
    .addColumn("business_name", "text")
    .addColumn("is_group", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("source", "text", (c) =>
      c.notNull().defaultTo("address_book").check(sql`source in ('address_book', 'history', 'message')`),
    )
    .addColumn("contact_ref_id", "integer")
    .addColumn("match_kind", "text", (c) =>
      c
        .notNull()
        .defaultTo("none")
        .check(sql`match_kind in ('jid', 'e164', 'variant', 'manual', 'ambiguous', 'none')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("contact_whatsapp_account_jid_key", ["account_id", "jid"])
    .execute();
  await db.schema
    .createIndex("contact_whatsapp_lid")
    .on("contact_whatsapp")
    .columns(["account_id", "lid"])
    .execute();
  await db.schema.createIndex("contact_whatsapp_phone").on("contact_whatsapp").column("phone_e164").execute();
  await db.schema
    .createIndex("contact_whatsapp_ref")
    .on("contact_whatsapp")
    .column("contact_ref_id")
    .execute();

  await db.schema
    .createTable("chat")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("account_id", "integer", (c) => c.notNull().references("wa_account.id").onDelete("cascade"))
    .addColumn("jid", "text", (c) => c.notNull())
    .addColumn("is_group", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("title", "text")
    .addColumn("contact_whatsapp_id", "bigint", (c) =>
      c.references("contact_whatsapp.id").onDelete("set null"),
    )
    .addColumn("last_message_at", "timestamptz")
    .addColumn("last_message_preview", "text")
    .addColumn("unread_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("archived", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("chat_account_jid_key", ["account_id", "jid"])
    .execute();
  await sql`create index chat_account_recent on chat (account_id, last_message_at desc nulls last)`.execute(
    db,
  );

  await db.schema
    .createTable("message")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("account_id", "integer", (c) => c.notNull().references("wa_account.id").onDelete("cascade"))
    .addColumn("chat_id", "bigint", (c) => c.notNull().references("chat.id").onDelete("cascade"))
    .addColumn("chat_jid", "text", (c) => c.notNull())
    .addColumn("wa_id", "text", (c) => c.notNull())
    .addColumn("from_me", "boolean", (c) => c.notNull())
    .addColumn("sender_jid", "text")
    .addColumn("sender_name", "text")
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("text", "text")
    .addColumn("media_mime", "text")
    .addColumn("media_name", "text")
    .addColumn("media_size", "bigint")
    .addColumn("media_key", "text")
    .addColumn("media_source", "jsonb")
    .addColumn("quoted_wa_id", "text")
    .addColumn("reactions", "jsonb")
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("sent")
        .check(sql`status in ('pending', 'sent', 'delivered', 'read', 'failed', 'received')`),
    )
    .addColumn("error", "text")
    .addColumn("edited_at", "timestamptz")
    .addColumn("deleted_at", "timestamptz")
    .addColumn("sent_at", "timestamptz", (c) => c.notNull())
    .addColumn("raw", "jsonb")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("message_account_chat_wa_id_key", ["account_id", "chat_jid", "wa_id"])
    .execute();
  await sql`create index message_chat_page on message (chat_id, sent_at desc, id desc)`.execute(db);

  await db.schema
    .createTable("favourite")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull())
    .addColumn("contact_ref_id", "integer")
    .addColumn("contact_whatsapp_id", "bigint", (c) =>
      c.references("contact_whatsapp.id").onDelete("cascade"),
    )
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addCheckConstraint("favourite_one_target", sql`num_nonnulls(contact_ref_id, contact_whatsapp_id) = 1`)
    .addUniqueConstraint("favourite_user_ref_key", ["user_id", "contact_ref_id"])
    .addUniqueConstraint("favourite_user_wa_key", ["user_id", "contact_whatsapp_id"])
    .execute();

  await db.schema
    .createTable("wa_event")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("account_id", "integer", (c) => c.notNull().references("wa_account.id").onDelete("cascade"))
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("signed", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("processed_at", "timestamptz")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz")
    .addColumn("last_error", "text")
    .execute();
  await sql`create index wa_event_pending on wa_event (account_id, id) where processed_at is null`.execute(
    db,
  );

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("user_id", "integer")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target_type", "text")
    .addColumn("target_id", "text")
    .addColumn("details", "jsonb")
    .addColumn("ip", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`create index audit_log_recent on audit_log (created_at desc)`.execute(db);

  await db.schema
    .createTable("session")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("session_user").on("session").column("user_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "session",
    "audit_log",
    "wa_event",
    "favourite",
    "message",
    "chat",
    "contact_whatsapp",
    "wa_account",
    "contact_ref",
    "tag_ref",
    "user_ref",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
