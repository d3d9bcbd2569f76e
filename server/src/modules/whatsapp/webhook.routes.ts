import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { App } from "../../http/types.js";
import { hmacSha256Hex, timingSafeEqualHex } from "../../lib/crypto.js";
import { AppError, NotFoundError, UnauthorizedError, ValidationError } from "../../lib/errors.js";
import { jsonMayHoldUnstorableText, withStorableText } from "../../lib/unstorable-text.js";
import type { AccountRepo } from "./account.repo.js";
import type { InboxRepo } from "./inbox.repo.js";
import type { WebhookAccount, WebhookAccounts } from "./webhook-accounts.js";

const eventSchema = z.looseObject({
  type: z.string().min(1).max(64),
  event: z.unknown(),
  userID: z.string().max(128).optional(),
  instanceName: z.string().max(256).optional(),
});

const paramsSchema = z.object({
  secret: z
    .string()
    .min(16)
    .max(128)
    .regex(/^[\w-]+$/),
});

export interface WebhookDeps {
  accounts: Pick<WebhookAccounts, "find">;
  unsigned: Pick<AccountRepo, "countUnsignedWebhook">;
  inbox: Pick<InboxRepo, "append">;
  maxBytes: number;
  /** Called after an event is stored, so processing starts at once. */
  onStored(accountId: number): void;
}

/**
 * `POST /api/webhooks/wuzapi/:secret`: WuzAPI's events for one account. The body is checked and
 * appended to the inbox, and the answer goes back at once; processing happens after. Unknown
 * secrets (404), bad signatures (401) and malformed bodies (400) write nothing.
 */
export async function registerWebhookRoutes(app: App, deps: WebhookDeps) {
  /**
   * The account a request is for, if it accepts the request (`refusal` says why not). A copy
   * kept from an earlier request is read again before its refusal stands.
   */
  async function accountFor(secret: string, refusal: (account: WebhookAccount) => AppError | null) {
    let account = await deps.accounts.find(secret);
    let problem = account && refusal(account);
    if (problem) {
      account = await deps.accounts.find(secret, { fresh: true });
      problem = account && refusal(account);
    }
    if (!account) throw new NotFoundError("Unknown webhook");
    if (problem) throw problem;
    return account;
  }

  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    // Raw text for both formats: the HMAC is computed over the exact bytes WuzAPI sent.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      ["application/json", "application/x-www-form-urlencoded"],
      { parseAs: "string", bodyLimit: deps.maxBytes },
      (_request, body, done) => done(null, body),
    );

    scope.post(
      "/api/webhooks/wuzapi/:secret",
      { schema: { params: paramsSchema } },
      async (request, reply) => {
        const raw = typeof request.body === "string" ? request.body : "";
        const isForm =
          request.headers["content-type"]?.startsWith("application/x-www-form-urlencoded") ?? false;
        const signature = request.headers["x-hmac-signature"];
        const signed = typeof signature === "string" && signature !== "";
        let body: z.output<typeof eventSchema> | undefined;
        const account = await accountFor(request.params.secret, (candidate) => {
          if (signed && !(candidate.hmacKey && signatureMatches(candidate.hmacKey, signature, raw, isForm)))
            return new UnauthorizedError("Bad webhook signature", "bad_signature");
          body ??= parseBody(raw, isForm);
          // Events of a WuzAPI user this account no longer uses (removed, re-provisioned) are refused.
          if (body.userID && body.userID !== candidate.wuzapiUserId)
            return new AppError(400, "wrong_account", "The event belongs to another WuzAPI user");
          return null;
        });
        if (!body) throw new Error("the webhook body was not parsed");
        await deps.inbox.append({ accountId: account.id, type: body.type, payload: body, signed });
        // WuzAPI signs only once its key is loaded (CONTRACT.md §8): accept unsigned events on a valid
        // secret rather than lose messages, and count them.
        if (!signed) await deps.unsigned.countUnsignedWebhook(account.id);
        deps.onStored(account.id);
        return reply.status(200).send({ ok: true });
      },
    );
  });
}

function parseBody(raw: string, isForm: boolean): z.output<typeof eventSchema> {
  let candidate: unknown;
  try {
    if (isForm) {
      const form = new URLSearchParams(raw);
      const jsonData = form.get("jsonData");
      if (jsonData === null) throw new ValidationError("jsonData: is required");
      candidate = {
        ...(JSON.parse(jsonData) as object),
        ...(form.get("userID") ? { userID: form.get("userID") } : {}),
        ...(form.get("instanceName") ? { instanceName: form.get("instanceName") } : {}),
      };
    } else {
      candidate = JSON.parse(raw);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new ValidationError("The webhook body is not valid JSON");
  }
  // Text PostgreSQL cannot store (NUL, lone surrogates) is replaced rather than the event lost.
  const clean = isForm || jsonMayHoldUnstorableText(raw) ? withStorableText(candidate) : candidate;
  const parsed = eventSchema.safeParse(clean);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(`${issue?.path.join(".") || "body"}: ${issue?.message ?? "is invalid"}`);
  }
  return parsed.data;
}

/**
 * WuzAPI signs the exact JSON body, or, for form bodies, Go's `url.Values.Encode()` of the fields:
 * keys sorted, values escaped like Go's QueryEscape.
 */
function signatureMatches(key: string, signature: string, raw: string, isForm: boolean): boolean {
  if (timingSafeEqualHex(hmacSha256Hex(key, raw), signature)) return true;
  if (!isForm) return false;
  const fields = [...new URLSearchParams(raw).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const encoded = fields.map(([name, value]) => `${goQueryEscape(name)}=${goQueryEscape(value)}`).join("&");
  return timingSafeEqualHex(hmacSha256Hex(key, encoded), signature);
}

/** Go's url.QueryEscape: everything but letters, digits and `-_.~` is escaped; spaces become `+`. */
export function goQueryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}
