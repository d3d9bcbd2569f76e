import { ArrowDownOutlined } from "@ant-design/icons";
import { Badge, Button, Empty, Flex, Spin, theme } from "antd";
import { Fragment, useEffect, useRef, useState } from "react";
import { ErrorState } from "@/components/error-state";
import { useOnVisible } from "@/hooks/use-on-visible";
import { flattenMessages, type MessageItem, useChatMessages } from "../api/chats";
import { dayKey, formatDaySeparator } from "./chat-time";
import { MessageBubble } from "./message-bubble";

type MessageListProps = {
  chatId: number;
  isGroup: boolean;
  onReply: (message: MessageItem) => void;
  onRetry: (message: MessageItem) => void;
};

/** How far from the newest message (px) still counts as "at the bottom". */
const NEAR_BOTTOM_PX = 120;

/**
 * The conversation, newest at the bottom. The scroller is `column-reverse`, so its natural
 * position is the bottom: new messages stay in view, and older pages added above don't move what
 * the user is reading. The DOM holds the pages loaded so far (50 messages each), no more.
 */
export function MessageList({ chatId, isGroup, onReply, onRetry }: MessageListProps) {
  const { token } = theme.useToken();
  const messages = useChatMessages(chatId);
  const scroller = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  const [scrolledUp, setScrolledUp] = useState(false);
  useOnVisible(
    topSentinel,
    () => messages.hasNextPage && !messages.isFetchingNextPage && messages.fetchNextPage(),
    messages.hasNextPage,
    messages.data,
  );

  const items = flattenMessages(messages.data);
  const newestId = items.at(-1)?.id;
  const [seenNewestId, setSeenNewestId] = useState(newestId);
  // At the bottom every message is seen; scrolled up, later ones wait under the "newest" button.
  useEffect(() => {
    if (!scrolledUp) setSeenNewestId(newestId);
  }, [scrolledUp, newestId]);
  const unseen = scrolledUp
    ? items.filter((item) => !item.fromMe && item.id > (seenNewestId ?? 0)).length
    : 0;

  const onScroll = () => {
    const element = scroller.current;
    // In a column-reverse scroller scrollTop is 0 at the bottom and negative above it.
    if (element) setScrolledUp(-element.scrollTop > NEAR_BOTTOM_PX);
  };

  const jumpToNewest = () => scroller.current?.scrollTo({ top: 0, behavior: "smooth" });

  const showQuoted = (waId: string) => {
    const row = scroller.current?.querySelector<HTMLElement>(`[data-wa-id="${CSS.escape(waId)}"]`);
    if (!row) return;
    row.scrollIntoView({ behavior: "smooth", block: "center" });
    row.classList.remove("message-highlight");
    // Restart the highlight animation even when the same quote is clicked twice.
    void row.offsetWidth;
    row.classList.add("message-highlight");
  };

  if (messages.isPending)
    return (
      <Flex flex={1} align="center" justify="center">
        <Spin />
      </Flex>
    );
  if (messages.isError)
    return (
      <Flex flex={1} align="center" justify="center">
        <ErrorState
          error={messages.error}
          title="Couldn't load the messages"
          onRetry={() => messages.refetch()}
        />
      </Flex>
    );

  return (
    <div style={{ position: "relative", flex: 1, minHeight: 0, display: "flex" }}>
      <div
        ref={scroller}
        onScroll={onScroll}
        role="log"
        aria-label="Messages"
        aria-live="polite"
        style={{
          flex: 1,
          overflowY: "auto",
          display: "flex",
          flexDirection: "column-reverse",
          outline: "none",
        }}
      >
        {/* One inner column in normal order; column-reverse above only pins the scroll to the bottom. */}
        <div style={{ paddingBlock: 12 }}>
          {/* Not scroll anchors: the browser keeps a message in place as older ones go in above it. */}
          <div ref={topSentinel} style={{ height: 1, overflowAnchor: "none" }} />
          {messages.isFetchingNextPage && (
            <Flex justify="center" style={{ padding: 8, overflowAnchor: "none" }}>
              <Spin size="small" aria-label="Loading older messages" />
            </Flex>
          )}
          {!messages.hasNextPage && items.length > 0 && <DaySeparator label="Start of the conversation" />}
          {items.length === 0 && (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="No messages yet. Say hello!" />
          )}
          {items.map((message, index) => {
            const previous = items[index - 1];
            const newDay = !previous || dayKey(previous.sentAt) !== dayKey(message.sentAt);
            return (
              <Fragment key={message.id}>
                {newDay && <DaySeparator label={formatDaySeparator(message.sentAt)} />}
                <MessageBubble
                  message={message}
                  showSender={isGroup && (newDay || previous?.senderJid !== message.senderJid)}
                  onReply={onReply}
                  onRetry={onRetry}
                  onQuoteClick={showQuoted}
                />
              </Fragment>
            );
          })}
        </div>
      </div>
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
