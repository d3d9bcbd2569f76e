import { ArrowDownOutlined } from "@ant-design/icons";
import { useVirtualizer } from "@tanstack/react-virtual";
import { App, Badge, Button, Empty, Flex, Spin, theme } from "antd";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { ErrorState } from "@/components/error-state";
import { flattenMessages, type MessageItem, useChatMessages } from "../api/chats";
import { dayKey, formatDaySeparator } from "./chat-time";
import { MessageBubble } from "./message-bubble";
import { OlderFromPhone } from "./older-from-phone";

type MessageListProps = {
  chatId: number;
  isGroup: boolean;
  onReply: (message: MessageItem) => void;
  onRetry: (message: MessageItem) => void;
};

/** How far from the newest message (px) still counts as "at the bottom". */
const NEAR_BOTTOM_PX = 120;
/** Older messages start loading this close (px) to the top, before the user reaches it. */
const LOAD_OLDER_PX = 600;
/** A guess for a bubble not yet measured; each is measured once it is drawn. */
const ESTIMATED_ROW_PX = 64;
/** Rows drawn beyond each edge of the view, so a fast scroll finds them ready. */
const OVERSCAN_ROWS = 8;
const HIGHLIGHT_MS = 1_200;
/** On screen for screen readers only. */
const visuallyHidden = {
  position: "absolute",
  width: 1,
  height: 1,
  overflow: "hidden",
  clipPath: "inset(50%)",
  whiteSpace: "nowrap",
} as const;

/**
 * The conversation, newest at the bottom. Only the rows in view (and a few either side) are in
 * the DOM, however long the chat: a virtualizer anchored to the end keeps the message being read
 * in place when older pages go in above it, and follows new messages while the view is at the bottom.
 */
export function MessageList({ chatId, isGroup, onReply, onRetry }: MessageListProps) {
  const { token } = theme.useToken();
  const { message: toast } = App.useApp();
  const messages = useChatMessages(chatId);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrolledUp, setScrolledUp] = useState(false);
  const [highlighted, setHighlighted] = useState<string | null>(null);

  const items = flattenMessages(messages.data);
  // One row per message, keyed by id: the virtualizer keeps the row being read in place as pages go in above.
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    getItemKey: (index) => items[index]?.id ?? index,
    overscan: OVERSCAN_ROWS,
    paddingStart: 12,
    paddingEnd: 12,
    anchorTo: "end",
    followOnAppend: true,
    scrollEndThreshold: NEAR_BOTTOM_PX / 4,
  });

  const newest = items.at(-1);
  const [seenNewestId, setSeenNewestId] = useState(newest?.id);
  // At the bottom every message is seen; scrolled up, later ones wait under the "newest" button.
  useEffect(() => {
    if (!scrolledUp) setSeenNewestId(newest?.id);
  }, [scrolledUp, newest?.id]);
  // The log itself is not live: bubbles come and go as it scrolls. Each message that arrives is
  // read out from here instead.
  const newestIncoming = items.findLast((item) => !item.fromMe);
  const [announcement, setAnnouncement] = useState<{ id: number | null; text: string } | null>(null);
  if (messages.isSuccess) {
    const id = newestIncoming?.id ?? null;
    // What was there when the chat opened is not news.
    if (announcement === null) setAnnouncement({ id, text: "" });
    else if (newestIncoming && id !== announcement.id)
      setAnnouncement({
        id,
        text: `${newestIncoming.senderName ?? "New message"}: ${newestIncoming.text ?? newestIncoming.type}`,
      });
  }
  const unseen = scrolledUp
    ? items.filter((item) => !item.fromMe && item.id > (seenNewestId ?? 0)).length
    : 0;

  // The chat opens at its newest message, and stays there while rows grow at the bottom (bubbles
  // measured after their first guess, pictures that load): only scrolling up lets go of the end.
  const loaded = items.length > 0;
  const totalSize = virtualizer.getTotalSize();
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-pinned whenever the content's height changes
  useLayoutEffect(() => {
    if (loaded && !scrolledUp) virtualizer.scrollToEnd();
  }, [loaded, totalSize, virtualizer]);

  // What I send myself is brought into view even when I was reading older messages.
  const sentByMe = newest?.fromMe === true && newest.id < 0;
  useEffect(() => {
    if (sentByMe) virtualizer.scrollToEnd();
  }, [sentByMe, virtualizer]);

  const loadOlderNearTop = () => {
    const element = scroller.current;
    if (!element || element.scrollTop > LOAD_OLDER_PX) return;
    if (messages.hasNextPage && !messages.isFetchingNextPage) messages.fetchNextPage();
  };

  // Still near the top once a page is in (a short page, a tall screen): the next one follows.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-checked whenever pages change
  useEffect(() => {
    if (scrolledUp) loadOlderNearTop();
  }, [messages.data, scrolledUp]);

  useEffect(() => {
    if (!highlighted) return;
    const timer = setTimeout(() => setHighlighted(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [highlighted]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    setScrolledUp(element.scrollHeight - element.clientHeight - element.scrollTop > NEAR_BOTTOM_PX);
    loadOlderNearTop();
  };

  const jumpToNewest = () => virtualizer.scrollToEnd({ behavior: "smooth" });

  const showQuoted = (waId: string) => {
    const index = items.findIndex((item) => item.waId === waId);
    if (index < 0) {
      toast.info("That message is further back: scroll up to load it.");
      return;
    }
    virtualizer.scrollToIndex(index, { align: "center" });
    // Cleared first, so a second click on the same quote plays the highlight again.
    setHighlighted(null);
    requestAnimationFrame(() => setHighlighted(waId));
  };

  if (messages.isPending)
    return (
      <Flex flex={1} align="center" justify="center">
        <Spin />
      </Flex>
    );
  if (messages.isError && !messages.data)
    return (
      <Flex flex={1} align="center" justify="center">
        <ErrorState
          error={messages.error}
          title="Couldn't load the messages"
          onRetry={() => messages.refetch()}
        />
      </Flex>
    );

  const rowAt = (index: number) => {
    const message = items[index] as MessageItem;
    const previous = items[index - 1];
    const newDay = !previous || dayKey(previous.sentAt) !== dayKey(message.sentAt);
    return (
      <>
        {/* Everything stored is shown: older messages can still be on the phone. */}
        {!previous && !messages.hasNextPage && <OlderFromPhone chatId={chatId} />}
        {newDay && <DaySeparator label={formatDaySeparator(message.sentAt)} />}
        <MessageBubble
          chatId={chatId}
          message={message}
          showSender={isGroup && (newDay || previous?.senderJid !== message.senderJid)}
          onReply={onReply}
          onRetry={onRetry}
          onQuoteClick={showQuoted}
        />
      </>
    );
  };

  return (
    <div style={{ position: "relative", flex: 1, minHeight: 0, display: "flex" }}>
      <div
        ref={scroller}
        onScroll={onScroll}
        role="log"
        aria-label="Messages"
        aria-live="off"
        style={{ flex: 1, overflowY: "auto", outline: "none" }}
      >
        {loaded ? (
          // A short chat sits at the bottom, next to the composer, as a long one does.
          <div
            style={{
              minHeight: "100%",
              display: "flex",
              flexDirection: "column",
              justifyContent: "flex-end",
            }}
          >
            <div style={{ height: virtualizer.getTotalSize(), position: "relative", flexShrink: 0 }}>
              {virtualizer.getVirtualItems().map((row) => {
                const waId = items[row.index]?.waId;
                return (
                  <div
                    key={row.key}
                    data-index={row.index}
                    ref={virtualizer.measureElement}
                    className={waId && waId === highlighted ? "message-highlight" : undefined}
                    style={{
                      position: "absolute",
                      top: 0,
                      left: 0,
                      width: "100%",
                      transform: `translateY(${row.start}px)`,
                    }}
                  >
                    {rowAt(row.index)}
                  </div>
                );
              })}
            </div>
          </div>
        ) : (
          <Flex style={{ height: "100%" }} align="center" justify="center">
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="No messages yet. Say hello!" />
          </Flex>
        )}
      </div>
      <div aria-live="polite" style={visuallyHidden}>
        {announcement?.text}
      </div>
      {/* Over the list rather than in it: a row that comes and goes would move what is being read. */}
      {messages.isFetchingNextPage && (
        <Flex
          justify="center"
          style={{ position: "absolute", insetInline: 0, top: 8, pointerEvents: "none" }}
        >
          <Spin size="small" aria-label="Loading older messages" />
        </Flex>
      )}
      {scrolledUp && (
        <div style={{ position: "absolute", insetInlineEnd: 16, bottom: 16 }}>
          <Badge count={unseen} color={token.colorPrimary}>
            <Button
              shape="circle"
              icon={<ArrowDownOutlined />}
              aria-label={`Jump to the newest message${unseen > 0 ? `, ${unseen} new` : ""}`}
              onClick={jumpToNewest}
              style={{ boxShadow: token.boxShadow }}
            />
          </Badge>
        </div>
      )}
    </div>
  );
}

function DaySeparator({ label }: { label: string }) {
  const { token } = theme.useToken();
  return (
    <Flex justify="center" style={{ paddingBlock: 8 }} role="separator" aria-label={label}>
      <span
        style={{
          fontSize: 12,
          color: token.colorTextSecondary,
          background: token.colorBgContainer,
          border: `1px solid ${token.colorBorderSecondary}`,
          borderRadius: 8,
          padding: "2px 10px",
        }}
      >
        {label}
      </span>
    </Flex>
  );
}
