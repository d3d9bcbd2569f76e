import type { Logger } from "pino";
import type { AccountRow } from "../../db/schema.js";
import { ConflictError, NotFoundError } from "../../lib/errors.js";
import type { AccountRepo } from "../whatsapp/account.repo.js";
import type { WuzapiUserClient } from "../whatsapp/wuzapi/wuzapi-client.js";
import { isWuzapiError } from "../whatsapp/wuzapi/wuzapi-errors.js";
import { webMessageOfStored } from "./chat-events.js";
import type { ChatIngest } from "./chat-ingest.js";
import type { ChatsRepo } from "./chats.repo.js";

export interface ChatHistoryServiceDeps {
  repo: Pick<ChatsRepo, "findOwnedChat" | "oldestMessage">;
  accounts: Pick<AccountRepo, "findByUserId">;
  clientFor(row: AccountRow): WuzapiUserClient;
  ingest: Pick<ChatIngest, "historySync">;
  logger: Logger;
}

/** Rows read from WuzAPI's message history per request (it keeps the newest per chat). */
const STORED_ROWS = 200;
/** Older messages asked of the phone per request, as WhatsApp Web asks. */
const OLDER_COUNT = 50;

/**
 * "Load older" past what is stored here: first WuzAPI's own message history (it holds live
 * messages whose webhook never reached us), then the phone, which answers later with an
 * on-demand HistorySync that the inbox stores like any other.
 */
export function createChatHistoryService(deps: ChatHistoryServiceDeps) {
  /** Stores the rows WuzAPI kept that are missing here; returns how many were new. */
  async function recoverStored(account: AccountRow, chat: { id: number; jid: string; is_group: boolean }) {
    let rows: Awaited<ReturnType<WuzapiUserClient["history"]>>;
    try {
      rows = await deps.clientFor(account).history(chat.jid, STORED_ROWS);
    } catch (error) {
      // A WuzAPI user without history keeps nothing to recover: the phone is still asked.
      if (isWuzapiError(error, "history_disabled")) return 0;
      throw error;
    }
    const messages = rows.flatMap((row) => {
      const web = webMessageOfStored(row.event);
      return web ? [{ message: web }] : [];
    });
    if (messages.length === 0) return 0;
    return deps.ingest.historySync({
      id: 0,
      accountId: account.id,
      type: "HistorySync",
      attempts: 0,
      payload: { event: { Data: { conversations: [{ ID: chat.jid, messages }] } } },
    });
  }

  return {
    async fetchOlder(userId: number, chatId: number): Promise<{ recovered: number; askedPhone: boolean }> {
      const account = await deps.accounts.findByUserId(userId);
      const chat = account ? await deps.repo.findOwnedChat(account.id, chatId) : undefined;
      if (!account || !chat) throw new NotFoundError("No such chat", "chat_not_found");
      if (account.state !== "connected")
        throw new ConflictError("Your WhatsApp number is not connected", "not_connected");
      const recovered = await recoverStored(account, chat);
      const oldest = await deps.repo.oldestMessage(chat.id);
      if (oldest) {
        await deps.clientFor(account).requestOlderHistory({
          chatJid: chat.jid,
          oldestMessageId: oldest.wa_id,
          oldestFromMe: oldest.from_me,
          oldestTimestamp: oldest.sent_at,
          count: OLDER_COUNT,
        });
      }
      deps.logger.info({ accountId: account.id, chatId, recovered }, "asked for older messages");
      return { recovered, askedPhone: oldest !== undefined };
    },
  };
}

export type ChatHistoryService = ReturnType<typeof createChatHistoryService>;
