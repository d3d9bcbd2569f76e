import { MessageOutlined } from "@ant-design/icons";
import { App, Drawer, Empty, Flex, Grid, Spin, theme } from "antd";
import { useEffect, useRef, useState } from "react";
import { useMatch, useNavigate } from "react-router";
import { AddToBookModal } from "@/components/add-to-book-modal";
import { ErrorState } from "@/components/error-state";
import { useMyNumberState } from "@/lib/my-number";
import type { WhatsAppState } from "@/types/api";
import { useChatRealtime } from "../api/chat-events";
import {
  flattenMessages,
  type MessageItem,
  useChat,
  useChatMessages,
  useMarkChatRead,
  useRetryMessage,
  useSendMessage,
} from "../api/chats";
import { ChatHeader } from "../components/chat-header";
import { ChatList } from "../components/chat-list";
import { Composer } from "../components/composer";
import { ContactPanel } from "../components/contact-panel";
import { MessageList } from "../components/message-list";
import "../chats.css";

const LIST_WIDTH = 320;
/** Tablets: a little narrower, so the conversation keeps room beside the menu. */
const LIST_WIDTH_TABLET = 280;
const PANEL_WIDTH = 300;
const panelOpenKey = "parley.chats.panel";

/**
 * The inbox: chat list, conversation and contact panel side by side on wide screens; the panel is
 * a drawer on tablets; phones show the list (`/chats`) or one chat (`/chats/:chatId`) by URL.
 */
export default function ChatsRoute() {
  const { token } = theme.useToken();
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;
  const chatId = Number(useMatch("/chats/:chatId")?.params.chatId) || undefined;
  const numberState = useMyNumberState().data;
  const navigate = useNavigate();
  useChatRealtime(({ chatId: mergedId, intoChatId }) => {
    if (mergedId === chatId) navigate(`/chats/${intoChatId}`, { replace: true });
  });

  const border = `1px solid ${token.colorBorderSecondary}`;
  const showList = !isPhone || chatId === undefined;
  const showChat = !isPhone || chatId !== undefined;

  return (
    <Flex style={{ flex: 1, minHeight: 0, background: token.colorBgContainer }}>
      {/* Hidden rather than unmounted on phones, so back finds the list as it was (filters, scroll). */}
      <aside
        aria-label="Chat list"
        style={{
          display: showList ? undefined : "none",
          width: isPhone ? "100%" : screens.lg ? LIST_WIDTH : LIST_WIDTH_TABLET,
          flexShrink: 0,
          borderInlineEnd: isPhone ? undefined : border,
          minHeight: 0,
        }}
      >
        <ChatList selectedChatId={chatId} numberState={numberState} />
      </aside>
      {showChat &&
        (chatId === undefined ? (
          <Flex flex={1} align="center" justify="center" style={{ background: token.colorBgLayout }}>
            <Empty
              image={<MessageOutlined style={{ fontSize: 56, color: token.colorTextQuaternary }} />}
              description="Pick a chat to read and reply."
            />
          </Flex>
        ) : (
          <ChatPane key={chatId} chatId={chatId} numberState={numberState} isPhone={isPhone} />
        ))}
    </Flex>
  );
}

type ChatPaneProps = { chatId: number; numberState: WhatsAppState | undefined; isPhone: boolean };

/** One open chat: header, messages, composer, and its contact panel. Keyed by chat, so state resets. */
function ChatPane({ chatId, numberState, isPhone }: ChatPaneProps) {
  const { token } = theme.useToken();
  const { message: toast } = App.useApp();
  const screens = Grid.useBreakpoint();
  const panelInline = screens.lg === true;
  // Wide screens remember whether the panel is shown; the tablet and phone drawer starts closed.
  const [panelPreferred, setPanelPreferred] = useState(() => localStorage.getItem(panelOpenKey) !== "false");
  const [drawerOpen, setDrawerOpen] = useState(false);
  const panelOpen = panelInline ? panelPreferred : drawerOpen;
  const setPanelOpen = (open: boolean) => {
    if (!panelInline) return setDrawerOpen(open);
    setPanelPreferred(open);
    localStorage.setItem(panelOpenKey, String(open));
  };
  const [replyTo, setReplyTo] = useState<MessageItem | null>(null);
  const [addingToBook, setAddingToBook] = useState(false);
  const navigate = useNavigate();
  const inputRef = useRef<HTMLTextAreaElement | null>(null);
  const chat = useChat(chatId);
  const send = useSendMessage(chatId);
  const retry = useRetryMessage(chatId);
  useMarkReadWhileOpen(chatId);

  // Esc closes the contact panel (the drawer and the modal handle their own Esc).
  useEffect(() => {
    if (!panelOpen || !panelInline || addingToBook) return;
    const onKeyDown = (event: KeyboardEvent) => event.key === "Escape" && setPanelPreferred(false);
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [panelOpen, panelInline, addingToBook]);

  if (chat.isPending)
    return (
      <Flex flex={1} align="center" justify="center">
        <Spin />
      </Flex>
    );
  if (chat.isError)
    return (
      <Flex flex={1} align="center" justify="center">
        <ErrorState error={chat.error} title="Couldn't open this chat" onRetry={() => chat.refetch()} />
      </Flex>
    );

  const panel = (
    <ContactPanel
      chat={chat.data}
      onClose={panelInline ? () => setPanelOpen(false) : undefined}
      onAddToBook={() => setAddingToBook(true)}
    />
  );

  return (
    <>
      <Flex vertical style={{ flex: 1, minWidth: 0, minHeight: 0, background: token.colorBgLayout }}>
        <ChatHeader
          chat={chat.data}
          showBack={isPhone}
          panelOpen={panelOpen}
          onTogglePanel={() => setPanelOpen(!panelOpen)}
        />
        <MessageList
          chatId={chatId}
          isGroup={chat.data.isGroup}
          onReply={(message) => {
            setReplyTo(message);
            inputRef.current?.focus();
          }}
          onRetry={(message) => retry.mutate(message.id, { onError: (error) => toast.error(error.message) })}
        />
        <Composer
          chatId={chatId}
          // Until the state is known, assume the usual: connected.
          connected={numberState === undefined || numberState === "connected"}
          replyTo={replyTo}
          onCancelReply={() => setReplyTo(null)}
          inputRef={inputRef}
          onSend={(text) => {
            send.mutate({ text, replyTo });
            setReplyTo(null);
          }}
        />
      </Flex>
      {panelInline ? (
        panelOpen && (
          <aside
            style={{
              width: PANEL_WIDTH,
              flexShrink: 0,
              borderInlineStart: `1px solid ${token.colorBorderSecondary}`,
              overflowY: "auto",
            }}
          >
            {panel}
          </aside>
        )
      ) : (
        <Drawer
          open={panelOpen}
          onClose={() => setPanelOpen(false)}
          size={isPhone ? "100%" : PANEL_WIDTH + 40}
          title="Contact"
          styles={{ body: { padding: 0 } }}
        >
          {panel}
        </Drawer>
      )}
      {addingToBook && chat.data.contact && (
        <AddToBookModal
          contact={{
            id: chat.data.contact.whatsappContactId,
            name: chat.data.contact.name ?? chat.data.title,
            fullName: null,
            businessName: null,
            phoneE164: chat.data.phoneE164,
          }}
          onClose={() => setAddingToBook(false)}
          onShowCard={(card) =>
            navigate(`/contacts?${new URLSearchParams({ view: "book", q: card.name ?? "" })}`)
          }
        />
      )}
    </>
  );
}

/** Opening a chat reads it, and so does every message that arrives while it is open and on screen. */
function useMarkReadWhileOpen(chatId: number) {
  const markRead = useMarkChatRead();
  const messages = useChatMessages(chatId);
  const newestIncomingId = flattenMessages(messages.data)
    .filter((message) => !message.fromMe)
    .at(-1)?.id;
  const lastMarked = useRef<number | null | undefined>(undefined);
  useEffect(() => {
    if (!messages.isSuccess || document.visibilityState !== "visible") return;
    const marker = newestIncomingId ?? null;
    if (lastMarked.current === marker) return;
    lastMarked.current = marker;
    markRead.mutate(chatId);
  }, [chatId, newestIncomingId, messages.isSuccess, markRead]);
}
