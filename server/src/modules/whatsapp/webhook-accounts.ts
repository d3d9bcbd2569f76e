import { decryptSecret } from "../../lib/crypto.js";
import type { AccountRepo } from "./account.repo.js";

/** What the webhook route checks a request against. */
export interface WebhookAccount {
  id: number;
  wuzapiUserId: string | null;
  /** The HMAC key WuzAPI signs with, decrypted; null until one is set. */
  hmacKey: string | null;
}

/** How long a copy may accept requests without a read. */
const TRUST_MS = 10_000;

/**
 * The account behind a webhook URL's secret, kept here briefly: WuzAPI posts every event of a
 * number to the same URL, and a read plus a decryption per event is most of what the route
 * costs. A copy only ever accepts; the route confirms a refusal against a fresh read
 * (`fresh`), so a new HMAC key or WuzAPI user never loses an event. Unknown secrets are not kept.
 */
export function createWebhookAccounts(accounts: Pick<AccountRepo, "findByWebhookSecret">, secretKey: Buffer) {
  const entries = new Map<string, { account: WebhookAccount; until: number }>();
  return {
    async find(secret: string, options: { fresh?: boolean } = {}): Promise<WebhookAccount | null> {
      const entry = entries.get(secret);
      if (entry && entry.until > Date.now() && !options.fresh) return entry.account;
      const row = await accounts.findByWebhookSecret(secret);
      if (!row) {
        entries.delete(secret);
        return null;
      }
      const account = {
        id: row.id,
        wuzapiUserId: row.wuzapi_user_id,
        hmacKey: row.hmac_key_enc ? decryptSecret(row.hmac_key_enc, secretKey) : null,
      };
      entries.set(secret, { account, until: Date.now() + TRUST_MS });
      return account;
    },
  };
}

export type WebhookAccounts = ReturnType<typeof createWebhookAccounts>;
