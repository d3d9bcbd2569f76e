import type { Logger } from "pino";
import type { AccountRow } from "../../db/schema.js";
import { decryptSecret, encryptSecret, randomToken } from "../../lib/crypto.js";
import { ConflictError, NotFoundError, ServiceUnavailableError, ValidationError } from "../../lib/errors.js";
import { jidToE164, normalizeTypedPhone } from "../../lib/phone.js";
import type { AuditRepo } from "../audit/audit.repo.js";
import type { CurrentUser } from "../auth/auth.service.js";
import type { RealtimeHub } from "../realtime/hub.js";
import type { AccountPatch, AccountRepo } from "./account.repo.js";
import type { AccountOwners } from "./account-owners.js";
import { type AccountView, presentAccount } from "./account-view.js";
import type { WuzapiClient, WuzapiUserClient } from "./wuzapi/wuzapi-client.js";
import { isWuzapiError } from "./wuzapi/wuzapi-errors.js";
import type { WuzapiInstances } from "./wuzapi-instances.js";

/**
 * Every event Parley needs. `connect` overwrites WuzAPI's subscription and `disconnect` clears it,
 * so every connect sends the whole list (CONTRACT.md §4). HistorySync must be subscribed before
 * pairing for old chats to arrive.
 */
/** The events that change an account's connection state: `applyConnectionEvent` handles them. */
export const CONNECTION_EVENTS = [
  "Connected",
  "Disconnected",
  "LoggedOut",
  "PairSuccess",
  "PairError",
  "QR",
  "QRTimeout",
  "ConnectFailure",
  "TemporaryBan",
  "StreamReplaced",
  "ClientOutdated",
  "KeepAliveTimeout",
  "KeepAliveRestored",
] as const;

export const SUBSCRIBED_EVENTS = [
  "Message",
  "ReadReceipt",
  "HistorySync",
  "ChatPresence",
  ...CONNECTION_EVENTS,
] as const;

/** WhatsApp shows the first QR for about 60 s and each later one for about 20 s. */
const FIRST_QR_MS = 60_000;
const NEXT_QR_MS = 20_000;

export interface AccountServiceDeps {
  accounts: AccountRepo;
  wuzapi: WuzapiInstances;
  secretKey: Buffer;
  audit: Pick<AuditRepo, "record">;
  hub: Pick<RealtimeHub, "publish">;
  /** Owners kept by the inbox: forgotten here at once, before the bus tells every process. */
  owners: Pick<AccountOwners, "forget">;
  logger: Logger;
  historyPerChat: number;
  phoneDefaultRegion: string;
  /** The URL WuzAPI posts this account's events to. */
  webhookUrl(secret: string): string;
  /** Present only while the simulator stands in for WuzAPI: what scanning the QR with a phone does. */
  demoScan?: (wuzapiUserId: string, input: { pushName: string }) => Promise<void>;
}

export function createAccountService(deps: AccountServiceDeps) {
  const { accounts, wuzapi } = deps;

  /** The WuzAPI instance an account lives on; null when that instance is no longer configured. */
  const instanceOf = (row: AccountRow): WuzapiClient | null => wuzapi.client(row.wuzapi_instance);

  const userClient = (row: AccountRow): WuzapiUserClient => {
    if (!row.wuzapi_token_enc)
      throw new ConflictError("This number is not set up yet", "account_not_provisioned");
    const client = instanceOf(row);
    if (!client) {
      throw new ConflictError(
        "This number's WhatsApp service is no longer configured; connect again",
        "wuzapi_instance_removed",
      );
    }
    return client.forUser(decryptSecret(row.wuzapi_token_enc, deps.secretKey));
  };

  const auditAccount = (userId: number, action: string, row: AccountRow, details?: Record<string, unknown>) =>
    deps.audit.record({
      userId,
      action,
      targetType: "wa_account",
      targetId: row.id,
      ...(details ? { details } : {}),
    });

  /** Saves a change and tells the owner's open tabs. */
  async function update(row: AccountRow, patch: AccountPatch): Promise<AccountRow> {
    const updated = await accounts.update(row.id, patch);
    // The inbox's next event of this account may follow at once, before the bus's notice is back.
    deps.owners.forget(updated.user_id);
    await deps.hub.publish(updated.user_id, { type: "account.updated", state: updated.state });
    return updated;
  }

  /** Creates the WuzAPI user behind an account (first use, or after WuzAPI lost it). */
  async function provision(row: AccountRow): Promise<AccountRow> {
    const token = randomToken(32);
    const hmacKey = randomToken(48);
    const instance = wuzapi.leastLoaded(await accounts.provisionedPerInstance());
    const client = wuzapi.client(instance) as WuzapiClient;
    const created = await client.admin.createUser({
      name: `parley-${row.user_id}-${randomToken(4)}`,
      token,
      webhook: deps.webhookUrl(row.webhook_secret),
      events: SUBSCRIBED_EVENTS,
      history: deps.historyPerChat,
      hmacKey,
    });
    const provisioned = await accounts.update(row.id, {
      wuzapi_instance: instance,
      wuzapi_user_id: created.id,
      wuzapi_token_enc: encryptSecret(token, deps.secretKey),
      hmac_key_enc: encryptSecret(hmacKey, deps.secretKey),
    });
    await client.forUser(token).setHmacKey(hmacKey);
    deps.logger.info({ accountId: row.id, instance, wuzapiUserId: created.id }, "provisioned a WuzAPI user");
    return provisioned;
  }

  async function accountOf(userId: number): Promise<AccountRow> {
    const existing = await accounts.findByUserId(userId);
    return existing ?? accounts.createForUser(userId, randomToken(32));
  }

  /** The account with a WuzAPI user that still exists there. */
  async function provisioned(userId: number): Promise<AccountRow> {
    const row = await accountOf(userId);
    const client = instanceOf(row);
    if (row.wuzapi_user_id && client && (await client.admin.getUser(row.wuzapi_user_id))) return row;
    return provision(row);
  }

  /** WuzAPI's view of the session, mapped to our states; null when it has no session for us. */
  async function liveState(row: AccountRow) {
    const status = await userClient(row).status();
    if (status.loggedIn) return { state: "connected" as const, jid: status.jid || row.jid };
    if (status.connected) return { state: "qr" as const, jid: row.jid };
    return null;
  }

  const connectedPatch = (row: AccountRow, jid: string | null): AccountPatch => ({
    state: "connected",
    state_detail: null,
    qr_code: null,
    qr_expires_at: null,
    ...(jid ? { jid, phone_e164: jidToE164(jid) } : {}),
    ...(row.state !== "connected" ? { connected_at: new Date() } : {}),
  });

  /** A connected number whose WuzAPI does not answer is offline, and says why. */
  async function markUnreachable(row: AccountRow): Promise<void> {
    if (row.state !== "connected") return;
    deps.logger.warn(
      { accountId: row.id, instance: row.wuzapi_instance },
      "WuzAPI unreachable: number offline",
    );
    await update(row, { state: "disconnected", state_detail: "wuzapi_unreachable" });
  }

  /**
   * One reconciliation round: brings stored states back in line with WuzAPI, which may have
   * restarted, lost a session, or lost the user itself.
   */
  async function reconcileRound(): Promise<void> {
    const unreachable = new Set<string>();
    for (const row of await accounts.listAll()) {
      if (!row.wuzapi_user_id) continue;
      try {
        // One failed call per instance and round: its other accounts would only wait for the same timeout.
        if (unreachable.has(row.wuzapi_instance)) {
          await markUnreachable(row);
          continue;
        }
        const client = instanceOf(row);
        const exists = client ? await client.admin.getUser(row.wuzapi_user_id) : null;
        if (!exists) {
          await update(row, {
            state: "new",
            state_detail: client ? "wuzapi_user_missing" : "wuzapi_instance_removed",
            wuzapi_user_id: null,
            wuzapi_token_enc: null,
            hmac_key_enc: null,
            qr_code: null,
          });
          continue;
        }
        if (row.state === "new" || row.state === "logged_out") continue;
        const live = await liveState(row);
        // A paired number that never resumed: stop showing "reconnecting" and offer Connect again.
        if (row.state_detail === "connecting" && live?.state !== "connected") {
          await update(row, { state_detail: live ? null : "connect_failed" });
          continue;
        }
        if (live?.state === "connected" && row.state !== "connected")
          await update(row, connectedPatch(row, live.jid));
        // WuzAPI is back but this session did not resume: plain offline, Connect brings it back.
        else if (row.state_detail === "wuzapi_unreachable") await update(row, { state_detail: null });
        else if (!live && (row.state === "connected" || row.state === "qr")) {
          await update(row, {
            state: row.state === "qr" ? "new" : "disconnected",
            state_detail: row.state === "qr" ? "qr_expired" : null,
            qr_code: null,
          });
        }
      } catch (error) {
        if (error instanceof ServiceUnavailableError) {
          // WuzAPI is down or too slow: the number cannot send or receive; next round looks again.
          unreachable.add(row.wuzapi_instance);
          await markUnreachable(row);
          continue;
        }
        deps.logger.warn({ err: error, accountId: row.id }, "could not reconcile a WhatsApp account");
      }
    }
  }
  let reconciling: Promise<void> = Promise.resolve();

  return {
    /** WuzAPI calls on behalf of an account (contact pulls, history, sending). */
    clientFor: userClient,

    async view(userId: number): Promise<AccountView | null> {
      const row = await accounts.findByUserId(userId);
      if (!row) return null;
      // A QR can exist before its webhook arrives: ask WuzAPI directly while pairing.
      if (row.state === "qr" && !row.qr_code && row.wuzapi_token_enc) {
        const live = await userClient(row)
          .qr()
          .catch(() => null);
        return presentAccount(row, live || null);
      }
      return presentAccount(row);
    },

    async connect(user: CurrentUser): Promise<AccountView> {
      let row = await provisioned(user.id);
      const client = userClient(row);
      try {
        await client.connect(SUBSCRIBED_EVENTS);
      } catch (error) {
        if (!isWuzapiError(error, "already_connected") && !isWuzapiError(error, "already_logged_in"))
          throw error;
      }
      // The key reaches WuzAPI's event path only through this call (CONTRACT.md §8).
      await client.setHmacKey(decryptSecret(row.hmac_key_enc ?? "", deps.secretKey));
      const live = await liveState(row);
      if (live?.state === "connected") row = await update(row, connectedPatch(row, live.jid));
      // A paired number resumes its session without a QR: wait for WuzAPI's Connected event.
      else if (row.jid) row = await update(row, { state_detail: "connecting" });
      else if (row.state !== "qr")
        row = await update(row, { state: "qr", state_detail: null, qr_code: null, qr_expires_at: null });
      await auditAccount(user.id, "whatsapp.connect", row);
      return presentAccount(row);
    },

    async pairPhone(user: CurrentUser, phone: string): Promise<{ linkingCode: string }> {
      const e164 = normalizeTypedPhone(phone, deps.phoneDefaultRegion).e164;
      if (!e164) throw new ValidationError("phone: not a valid phone number", { field: "phone" });
      const row = await accounts.findByUserId(user.id);
      if (row?.state !== "qr")
        throw new ConflictError("Press Connect first, then ask for a code", "not_pairing");
      try {
        const linkingCode = await userClient(row).pairPhone(e164.slice(1));
        await auditAccount(user.id, "whatsapp.pair_code", row);
        return { linkingCode };
      } catch (error) {
        if (isWuzapiError(error, "already_paired"))
          throw new ConflictError("This session is already paired", "already_paired");
        if (isWuzapiError(error, "no_session"))
          throw new ConflictError("The pairing session ended; press Connect again", "not_pairing");
        throw error;
      }
    },

    /** Goes offline but keeps the pairing: Connect brings the same number back without a QR. */
    async disconnect(user: CurrentUser): Promise<AccountView> {
      const row = await accounts.findByUserId(user.id);
      if (!row) throw new NotFoundError("No WhatsApp number is linked", "no_account");
      try {
        await userClient(row).disconnect();
      } catch (error) {
        if (!isWuzapiError(error, "no_session") && !isWuzapiError(error, "not_logged_in")) throw error;
      }
      const updated = await update(row, {
        state: "disconnected",
        state_detail: null,
        qr_code: null,
        qr_expires_at: null,
      });
      await auditAccount(user.id, "whatsapp.disconnect", row);
      return presentAccount(updated);
    },

    /**
     * De-registers the number: logs the device out of WhatsApp. Chats and contacts already stored
     * stay. Where WuzAPI has no live session to log out, the WuzAPI user is removed in full (that
     * logs out what it can and drops the cached token); the next Connect provisions a fresh one.
     */
    async unlink(user: CurrentUser): Promise<AccountView> {
      const row = await accounts.findByUserId(user.id);
      if (!row) throw new NotFoundError("No WhatsApp number is linked", "no_account");
      let removed = false;
      if (row.wuzapi_token_enc) {
        try {
          await userClient(row).logout();
        } catch (error) {
          if (!isWuzapiError(error)) throw error;
          if (row.wuzapi_user_id)
            await instanceOf(row)
              ?.admin.deleteUserFull(row.wuzapi_user_id)
              .catch((cause) => {
                if (!isWuzapiError(cause, "not_found")) throw cause;
              });
          removed = true;
        }
      }
      const updated = await update(row, {
        state: "new",
        state_detail: null,
        qr_code: null,
        qr_expires_at: null,
        jid: null,
        lid: null,
        phone_e164: null,
        push_name: null,
        connected_at: null,
        ...(removed ? { wuzapi_user_id: null, wuzapi_token_enc: null, hmac_key_enc: null } : {}),
      });
      await auditAccount(user.id, "whatsapp.unlink", row, { phone: row.phone_e164 });
      return presentAccount(updated);
    },

    get demoAvailable() {
      return deps.demoScan !== undefined;
    },

    async demoScan(user: CurrentUser): Promise<void> {
      if (!deps.demoScan)
        throw new NotFoundError("The demo phone is only available with the built-in simulator");
      const row = await accounts.findByUserId(user.id);
      if (!row?.wuzapi_user_id || row.state !== "qr")
        throw new ConflictError("Press Connect first, then scan", "not_pairing");
      await deps.demoScan(row.wuzapi_user_id, { pushName: user.fullName });
    },

    /** Applies a connection event from the inbox to the account's state. */
    async applyConnectionEvent(
      accountId: number,
      type: string,
      event: Record<string, unknown>,
      extras: Record<string, unknown>,
    ) {
      const row = await accounts.findById(accountId);
      // An event queued before the account moved to another WuzAPI user (or none) is stale.
      if (!row || (typeof extras.userID === "string" && extras.userID !== row.wuzapi_user_id)) return;
      const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
      const record = (value: unknown): Record<string, unknown> =>
        typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
      switch (type) {
        case "QR": {
          const image = text(extras.qrCodeBase64);
          if (!image || row.state === "connected") return;
          const lifetime = row.state === "qr" && row.qr_code ? NEXT_QR_MS : FIRST_QR_MS;
          await update(row, {
            state: "qr",
            state_detail: null,
            qr_code: image,
            qr_expires_at: new Date(Date.now() + lifetime),
          });
          return;
        }
        case "QRTimeout":
          if (row.state === "connected") return;
          await update(row, { state: "new", state_detail: "qr_expired", qr_code: null, qr_expires_at: null });
          return;
        case "PairSuccess": {
          const jid = text(event.ID);
          await update(row, {
            ...connectedPatch(row, jid),
            lid: text(event.LID),
            push_name: text(event.BusinessName) ?? row.push_name,
          });
          await auditAccount(row.user_id, "whatsapp.linked", row, { phone: jid ? jidToE164(jid) : null });
          return;
        }
        case "Connected":
        case "KeepAliveRestored": {
          if (row.state === "logged_out" || row.state === "new") return;
          // WuzAPI also posts whatsmeow's PushNameSetting (our own profile name) as "Connected".
          const pushName = text(record(event.Action).name);
          await update(row, { ...connectedPatch(row, null), ...(pushName ? { push_name: pushName } : {}) });
          return;
        }
        case "Disconnected":
        case "KeepAliveTimeout":
          if (row.state !== "connected") return;
          await update(row, {
            state: "disconnected",
            state_detail: type === "KeepAliveTimeout" ? "connection_lost" : null,
          });
          return;
        case "LoggedOut":
          await update(row, {
            state: "logged_out",
            state_detail: "unlinked_from_phone",
            qr_code: null,
            qr_expires_at: null,
          });
          await auditAccount(row.user_id, "whatsapp.logged_out", row, { reason: event.Reason ?? null });
          return;
        case "PairError":
        case "ConnectFailure":
        case "TemporaryBan":
        case "StreamReplaced":
        case "ClientOutdated": {
          const reason = text(event.Error) ?? text(event.Reason) ?? text(event.Message) ?? type;
          await update(row, { state: "error", state_detail: `${type}: ${reason}`.slice(0, 300) });
          return;
        }
      }
    },

    /** WhatsApp's own progress (0-100) of the history it pushes after pairing, for the import bar. */
    async recordImportProgress(accountId: number, progress: number): Promise<void> {
      const row = await accounts.findById(accountId);
      if (!row) return;
      const done = Math.max(0, Math.min(100, Math.round(progress)));
      await update(row, {
        import_state: done >= 100 ? "done" : "running",
        import_total: 100,
        import_done: done,
      });
    },

    /**
     * Reconciles at boot, periodically and on demand. One round at a time: a round asked for
     * while another runs starts after it, on fresh rows, so a stale round never undoes a newer one.
     */
    reconcile(): Promise<void> {
      const round = reconciling.then(reconcileRound);
      reconciling = round.catch(() => undefined);
      return round;
    },

    async adminOverview(users: Array<{ id: number; username: string; fullName: string }>) {
      const rows = new Map((await accounts.listAll()).map((row) => [row.user_id, row]));
      return users.map((user) => {
        const row = rows.get(user.id);
        return {
          userId: user.id,
          username: user.username,
          fullName: user.fullName,
          state: row?.state ?? "none",
          stateDetail: row?.state_detail ?? null,
          phoneE164: row?.phone_e164 ?? null,
          connectedAt: row?.connected_at?.toISOString() ?? null,
          updatedAt: row?.updated_at.toISOString() ?? null,
        };
      });
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
