import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** A timestamptz column with a database default. */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb: written as a JSON string or value, read back parsed. */
type Json<T> = ColumnType<T, T | string, T | string>;
type NullableJson<T> = ColumnType<T | null, T | string | null | undefined, T | string | null>;

export type UserRole = "admin" | "agent";
export type AccountState = "new" | "qr" | "connected" | "disconnected" | "logged_out" | "error";
export type MatchKind = "jid" | "e164" | "variant" | "manual" | "ambiguous" | "none";
export type ContactSource = "address_book" | "history" | "message";
export type MessageStatus = "pending" | "sent" | "delivered" | "read" | "failed" | "received";

export interface UserRefTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  full_name: string;
  email: string | null;
  role: ColumnType<UserRole, UserRole | undefined, UserRole>;
  disabled: Generated<boolean>;
  last_login_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface TagRefTable {
  id: Generated<number>;
  name: string;
  color: Generated<string>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ContactRefTable {
  id: Generated<number>;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  phone_e164: string | null;
  tag_id: number | null;
  notes: string | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface WaAccountTable {
  id: Generated<number>;
  user_id: number;
  wuzapi_instance: Generated<string>;
  wuzapi_user_id: string | null;
  wuzapi_token_enc: string | null;
  hmac_key_enc: string | null;
  webhook_secret: string;
  state: ColumnType<AccountState, AccountState | undefined, AccountState>;
  state_detail: string | null;
  qr_code: string | null;
  qr_expires_at: NullableTimestamp;
  jid: string | null;
  lid: string | null;
  phone_e164: string | null;
  push_name: string | null;
  connected_at: NullableTimestamp;
  import_state: Generated<string>;
  import_total: Generated<number>;
  import_done: Generated<number>;
  unsigned_webhooks: Generated<number>;
  inbox_lease_owner: string | null;
  inbox_lease_until: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ContactWhatsappTable {
  id: Generated<number>;
  account_id: number;
  jid: string;
  lid: string | null;
  phone_e164: string | null;
  push_name: string | null;
  full_name: string | null;
  first_name: string | null;
  business_name: string | null;
  is_group: Generated<boolean>;
  source: ColumnType<ContactSource, ContactSource | undefined, ContactSource>;
  contact_ref_id: number | null;
  match_kind: ColumnType<MatchKind, MatchKind | undefined, MatchKind>;
  match_candidates: NullableJson<number[]>;
  matched_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ChatTable {
  id: Generated<number>;
  account_id: number;
  jid: string;
  is_group: Generated<boolean>;
  title: string | null;
  contact_whatsapp_id: number | null;
  last_message_at: NullableTimestamp;
  last_message_preview: string | null;
  unread_count: Generated<number>;
  archived: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface MediaSource {
  kind: string;
  [field: string]: unknown;
}

/** A message's media in the media store: null while it is still to be downloaded. */
export type MediaState = "ready" | "failed";

export interface MessageTable {
  id: Generated<number>;
  account_id: number;
  chat_id: number;
  chat_jid: string;
  wa_id: string;
  from_me: boolean;
  sender_jid: string | null;
  sender_name: string | null;
  type: string;
  text: string | null;
  media_mime: string | null;
  media_name: string | null;
  media_size: number | null;
  media_key: string | null;
  media_source: NullableJson<MediaSource>;
  media_state: MediaState | null;
  media_attempts: Generated<number>;
  media_retry_at: NullableTimestamp;
  quoted_wa_id: string | null;
  reactions: NullableJson<Record<string, string>>;
  status: ColumnType<MessageStatus, MessageStatus | undefined, MessageStatus>;
  error: string | null;
  edited_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
  sent_at: Timestamp;
  raw: NullableJson<unknown>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface FavouriteTable {
  id: Generated<number>;
  user_id: number;
  contact_ref_id: number | null;
  contact_whatsapp_id: number | null;
  position: Generated<number>;
  created_at: CreatedAt;
}

export interface WaEventTable {
  id: Generated<number>;
  account_id: number;
  event_type: string;
  payload: Json<unknown>;
  signed: Generated<boolean>;
  received_at: CreatedAt;
  processed_at: NullableTimestamp;
  attempts: Generated<number>;
  next_attempt_at: NullableTimestamp;
  last_error: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  user_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: NullableJson<Record<string, unknown>>;
  ip: string | null;
  created_at: CreatedAt;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
  last_seen_at: CreatedAt;
  ip: string | null;
  user_agent: string | null;
}

/** A reaction, edit or revoke whose target message is not stored yet. */
export interface MessageChangeEarlyTable {
  id: Generated<number>;
  account_id: number;
  chat_jid: string;
  target_wa_id: string;
  change: Json<unknown>;
  created_at: CreatedAt;
}

export interface Database {
  user_ref: UserRefTable;
  tag_ref: TagRefTable;
  contact_ref: ContactRefTable;
  wa_account: WaAccountTable;
  contact_whatsapp: ContactWhatsappTable;
  chat: ChatTable;
  message: MessageTable;
  favourite: FavouriteTable;
  wa_event: WaEventTable;
  audit_log: AuditLogTable;
  session: SessionTable;
  message_change_early: MessageChangeEarlyTable;
}

export type UserRow = Selectable<UserRefTable>;
export type NewUserRow = Insertable<UserRefTable>;
export type UserUpdate = Updateable<UserRefTable>;
export type TagRow = Selectable<TagRefTable>;
export type ContactRow = Selectable<ContactRefTable>;
export type NewContactRow = Insertable<ContactRefTable>;
export type AccountRow = Selectable<WaAccountTable>;
