import type { SessionClient } from "../session/sessions.js";
import type { UserRecord } from "../store/user-record.js";

export function proxyConfigJson(user: UserRecord): Record<string, unknown> {
  return { enabled: user.proxyUrl !== "", proxy_url: user.proxyUrl };
}

/** S3 settings as WuzAPI shows them: the access key is always masked. */
export function s3ConfigJson(user: UserRecord): Record<string, unknown> {
  return {
    enabled: user.s3.enabled,
    endpoint: user.s3.endpoint,
    region: user.s3.region,
    bucket: user.s3.bucket,
    access_key: "***",
    path_style: user.s3.pathStyle,
    public_url: user.s3.publicUrl,
    media_delivery: user.mediaDelivery,
    retention_days: user.s3.retentionDays,
  };
}

/** An item of GET /admin/users: stored columns plus live `connected`/`loggedIn` (no `history`). */
export function adminUserJson(user: UserRecord, client: SessionClient | undefined): Record<string, unknown> {
  return {
    id: user.id,
    name: user.name,
    token: user.token,
    webhook: user.webhook,
    jid: user.jid,
    qrcode: user.qrcode,
    connected: client?.connected ?? false,
    loggedIn: client?.loggedIn ?? false,
    expiration: user.expiration,
    proxy_url: user.proxyUrl,
    events: user.events,
    proxy_config: proxyConfigJson(user),
    s3_config: s3ConfigJson(user),
  };
}

/** GET /session/status: lowercase `connected`/`loggedIn`, `history` as a string. */
export function statusJson(user: UserRecord, client: SessionClient | undefined): Record<string, unknown> {
  return {
    id: user.id,
    name: user.name,
    connected: client?.connected ?? false,
    loggedIn: client?.loggedIn ?? false,
    token: user.token,
    jid: user.jid,
    webhook: user.webhook,
    events: user.events,
    proxy_url: user.proxyUrl,
    qrcode: user.qrcode,
    history: String(user.history),
    proxy_config: proxyConfigJson(user),
    s3_config: s3ConfigJson(user),
    hmac_configured: user.hmacKey !== null && user.hmacKey !== "",
  };
}
