import type { AccountRow, AccountState } from "../../db/schema.js";

/** What the browser may know about a number: never tokens, keys or the webhook secret. */
export interface AccountView {
  state: AccountState;
  /** Why the account is in its state, when it matters: `qr_expired`, `unlinked_from_phone`, WuzAPI's error. */
  stateDetail: string | null;
  jid: string | null;
  phoneE164: string | null;
  pushName: string | null;
  connectedAt: string | null;
  qr: { image: string; expiresAt: string | null } | null;
  import: { state: string; total: number; done: number };
  unsignedWebhooks: number;
}

export function presentAccount(row: AccountRow, liveQr: string | null = null): AccountView {
  const qrImage = row.state === "qr" ? (row.qr_code ?? liveQr) : null;
  return {
    state: row.state,
    stateDetail: row.state_detail,
    jid: row.jid,
    phoneE164: row.phone_e164,
    pushName: row.push_name,
    connectedAt: row.connected_at?.toISOString() ?? null,
    qr: qrImage ? { image: qrImage, expiresAt: row.qr_expires_at?.toISOString() ?? null } : null,
    import: { state: row.import_state, total: row.import_total, done: row.import_done },
    unsignedWebhooks: row.unsigned_webhooks,
  };
}
