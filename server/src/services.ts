import type { Logger } from "pino";
import type { Config, WuzapiInstanceConfig } from "./config.js";
import type { DatabaseHandle } from "./db/database.js";
import { createAuditRepo } from "./modules/audit/audit.repo.js";
import { createAuthService } from "./modules/auth/auth.service.js";
import { createSessionRepo } from "./modules/auth/session.repo.js";
import { createChatHistoryService } from "./modules/chats/chat-history.service.js";
import { createChatIngest } from "./modules/chats/chat-ingest.js";
import { createChatsRepo } from "./modules/chats/chats.repo.js";
import { createChatsService } from "./modules/chats/chats.service.js";
import { createEarlyChangesRepo } from "./modules/chats/early-changes.repo.js";
import { createLidChatsRepo } from "./modules/chats/lid-chats.repo.js";
import { createMessageActionsService } from "./modules/chats/message-actions.service.js";
import { createContactsService } from "./modules/contacts/contacts.service.js";
import { createContactImportService } from "./modules/contacts/import/import.service.js";
import { fromHistorySync, fromMessageEvent } from "./modules/contacts/seen-contacts.js";
import { createWhatsappContactsRepo, type SeenContact } from "./modules/contacts/whatsapp-contacts.repo.js";
import { createWhatsappContactsService } from "./modules/contacts/whatsapp-contacts.service.js";
import { createDashboardRepo } from "./modules/dashboard/dashboard.repo.js";
import { createDashboardService } from "./modules/dashboard/dashboard.service.js";
import type { Directory } from "./modules/directory/directory.js";
import { createSqlDirectory } from "./modules/directory/directory.repo.js";
import { createFavouritesRepo } from "./modules/favourites/favourites.repo.js";
import { createFavouritesService } from "./modules/favourites/favourites.service.js";
import { createMediaRepo } from "./modules/media/media.repo.js";
import { createMediaService } from "./modules/media/media.service.js";
import { createMediaDownloads } from "./modules/media/media-downloads.js";
import { createMediaSender } from "./modules/media/media-sender.js";
import { createDirectoryMediaStore } from "./modules/media/media-store.js";
import type { EventBus } from "./modules/realtime/event-bus.js";
import { createRealtimeHub } from "./modules/realtime/hub.js";
import { createTagsService } from "./modules/tags/tags.service.js";
import { createUsersService } from "./modules/users/users.service.js";
import { createAccountRepo } from "./modules/whatsapp/account.repo.js";
import { CONNECTION_EVENTS, createAccountService } from "./modules/whatsapp/account.service.js";
import { createAccountOwners } from "./modules/whatsapp/account-owners.js";
import { createInboxRepo } from "./modules/whatsapp/inbox.repo.js";
import { createInboxWorker, type InboxHandler } from "./modules/whatsapp/inbox.worker.js";
import { createWuzapiInstances } from "./modules/whatsapp/wuzapi-instances.js";

export interface ServiceDeps {
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  /** Defaults to the directory tables in Parley's own database. */
  directory?: Directory;
  bus: EventBus;
  secretKey: Buffer;
  /** The WuzAPI instances to use (the embedded simulator is one, named "default"). */
  wuzapi: readonly WuzapiInstanceConfig[];
  /** Base URL WuzAPI reaches this server on; read when a WuzAPI user is created. */
  webhookBaseUrl(): string;
  /** The simulator's "scan the QR with the phone", when it stands in for WuzAPI. */
  demoScan?: (wuzapiUserId: string, input: { pushName: string }) => Promise<void>;
}

/** The composition root: every service with its dependencies, built once per process. */
export function createServices(deps: ServiceDeps) {
  const { config, database, logger } = deps;
  const directory = deps.directory ?? createSqlDirectory(database.db);
  const audit = createAuditRepo(database.db);
  const sessions = createSessionRepo(database.db);
  const auth = createAuthService({ directory, sessions, audit, config });
  const hub = createRealtimeHub(deps.bus);
  const accounts = createAccountRepo(database.db);
  const owners = createAccountOwners(accounts, deps.bus);
  const inbox = createInboxRepo(database.db);
  const wuzapi = createWuzapiInstances(deps.wuzapi, { timeoutMs: config.wuzapiTimeoutMs, logger });
  const whatsapp = createAccountService({
    accounts,
    wuzapi,
    secretKey: deps.secretKey,
    audit,
    hub,
    owners,
    logger: logger.child({ module: "whatsapp" }),
    historyPerChat: config.wuzapiHistory,
    phoneDefaultRegion: config.phoneDefaultRegion,
    webhookUrl: (secret) => `${deps.webhookBaseUrl().replace(/\/$/, "")}/api/webhooks/wuzapi/${secret}`,
    ...(deps.demoScan ? { demoScan: deps.demoScan } : {}),
  });
  const rematchContacts = () =>
    void whatsappContacts
      .rematchAll()
      .catch((error) => logger.warn({ err: error }, "re-matching contacts failed"));
  const contacts = createContactsService({ directory, audit, config, onBookChanged: rematchContacts });
  const whatsappContacts = createWhatsappContactsService({
    repo: createWhatsappContactsRepo(database.db),
    accounts,
    whatsapp,
    directory,
    contacts,
    audit,
    hub,
    logger: logger.child({ module: "contacts" }),
    // chatIngest is built below; this runs only once events flow.
    lidsResolved: (accountId) => chatIngest.mergeLidChats(accountId),
  });
  const favourites = createFavouritesService({
    favourites: createFavouritesRepo(database.db),
    directory,
    accounts,
    whatsappContacts: createWhatsappContactsRepo(database.db),
  });

  const connectionEvent: InboxHandler = async (event) => {
    const { event: body, ...extras } = event.payload as { event?: Record<string, unknown> } & Record<
      string,
      unknown
    >;
    await whatsapp.applyConnectionEvent(event.accountId, event.type, body ?? {}, extras);
    if (event.type === "Connected" || event.type === "PairSuccess") {
      // The address book is pulled in the background; a failure is logged and "Re-sync" retries it.
      void whatsappContacts
        .pullAddressBook(event.accountId)
        .catch((error) =>
          logger.warn({ err: error, accountId: event.accountId }, "address book pull failed"),
        );
    }
  };
  const mediaRepo = createMediaRepo(database.db);
  const mediaStore = createDirectoryMediaStore(config.media.dir);
  const mediaDownloads = createMediaDownloads({
    repo: mediaRepo,
    store: mediaStore,
    accounts,
    clientFor: whatsapp.clientFor,
    hub,
    logger: logger.child({ module: "media" }),
    maxBytes: config.media.maxBytes,
  });
  const chatsRepo = createChatsRepo(database.db);
  // What the inbox stores from WuzAPI's events commits without waiting for the disk: the events
  // themselves are stored durably and are run again if a crash loses it (DatabaseHandle.inboxDb).
  const chatIngest = createChatIngest({
    repo: createChatsRepo(database.inboxDb),
    earlyChanges: createEarlyChangesRepo(database.inboxDb),
    lidChats: createLidChatsRepo(database.inboxDb),
    owners,
    hub,
  });
  const chats = createChatsService({
    repo: chatsRepo,
    accounts,
    clientFor: whatsapp.clientFor,
    directory,
    hub,
    sendMedia: createMediaSender(mediaStore),
    phoneDefaultRegion: config.phoneDefaultRegion,
    logger: logger.child({ module: "chats" }),
  });
  const contactsSeenIn =
    (extract: (event: unknown) => SeenContact[]): InboxHandler =>
    async (event) =>
      whatsappContacts.record(event.accountId, extract((event.payload as { event?: unknown }).event));
  const inboxWorker = createInboxWorker({
    inbox: createInboxRepo(database.inboxDb),
    logger: logger.child({ module: "inbox" }),
    handlers: {
      ...Object.fromEntries(CONNECTION_EVENTS.map((type) => [type, connectionEvent])),
      // Contacts first: a new chat links to the contact the same event brings.
      Message: async (event) => {
        await contactsSeenIn(fromMessageEvent)(event);
        const stored = await chatIngest.message(event);
        await mediaDownloads.storeFromEvent(event);
        // The queue fetches what the event did not carry; its poll catches a re-delivered one.
        if (stored?.media) void mediaDownloads.wake();
      },
      HistorySync: async (event) => {
        await contactsSeenIn(fromHistorySync)(event);
        await chatIngest.historySync(event);
        void mediaDownloads.wake();
        const progress = (event.payload as { event?: { Data?: { progress?: unknown } } }).event?.Data
          ?.progress;
        if (typeof progress === "number") await whatsapp.recordImportProgress(event.accountId, progress);
      },
      ReadReceipt: chatIngest.readReceipt,
      ChatPresence: chatIngest.chatPresence,
    },
  });
  return {
    config,
    logger,
    database,
    directory,
    audit,
    sessions,
    auth,
    hub,
    bus: deps.bus,
    secretKey: deps.secretKey,
    accounts,
    inbox,
    inboxWorker,
    wuzapi,
    whatsapp,
    users: createUsersService({ directory, audit, auth }),
    tags: createTagsService({ directory, audit }),
    contacts,
    contactImport: createContactImportService({ directory, audit, config, onBookChanged: rematchContacts }),
    whatsappContacts,
    favourites,
    chats,
    mediaStore,
    mediaDownloads,
    media: createMediaService({ repo: mediaRepo, store: mediaStore, downloads: mediaDownloads, accounts }),
    messageActions: createMessageActionsService({
      repo: chatsRepo,
      accounts,
      clientFor: whatsapp.clientFor,
      hub,
    }),
    chatHistory: createChatHistoryService({
      repo: chatsRepo,
      accounts,
      clientFor: whatsapp.clientFor,
      ingest: chatIngest,
      logger: logger.child({ module: "chats" }),
    }),
    dashboard: createDashboardService({ directory, audit, dashboard: createDashboardRepo(database.db) }),
  };
}

export type Services = ReturnType<typeof createServices>;
