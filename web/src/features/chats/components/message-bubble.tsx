import {
  AudioOutlined,
  EnvironmentOutlined,
  FileImageOutlined,
  FileOutlined,
  IdcardOutlined,
  SmileOutlined,
  StopOutlined,
  VideoCameraOutlined,
} from "@ant-design/icons";
import { Button, Flex, Typography, theme } from "antd";
import type { ReactNode } from "react";
import type { MessageItem } from "../api/chats";
import { formatMessageTime } from "./chat-time";
import { MessageActions } from "./message-actions";
import { MessageMedia } from "./message-media";
import { MessageStatusIcon } from "./message-status-icon";
import { ReactionChips } from "./reaction-chips";

type MessageBubbleProps = {
  chatId: number;
  message: MessageItem;
  /** In groups, other people's bubbles are signed. */
  showSender: boolean;
  onReply: (message: MessageItem) => void;
  onRetry: (message: MessageItem) => void;
  onQuoteClick: (waId: string) => void;
};

const mediaIcons: Record<string, ReactNode> = {
  image: <FileImageOutlined />,
  video: <VideoCameraOutlined />,
  audio: <AudioOutlined />,
  sticker: <SmileOutlined />,
  location: <EnvironmentOutlined />,
  contact: <IdcardOutlined />,
};

const mediaNames: Record<string, string> = {
  image: "Photo",
  video: "Video",
  audio: "Voice message",
  sticker: "Sticker",
  location: "Location",
  contact: "Contact card",
  document: "Document",
};

/** One message: mine on the right in the brand tint, theirs on the left; replies, media, reactions, ticks. */
export function MessageBubble({
  chatId,
  message,
  showSender,
  onReply,
  onRetry,
  onQuoteClick,
}: MessageBubbleProps) {
  const { token } = theme.useToken();
  const mine = message.fromMe;
  const deleted = message.deletedAt !== null;
  const hasMedia = message.type !== "text" && !deleted;

  return (
    <Flex
      justify={mine ? "flex-end" : "flex-start"}
      className="message-row"
      data-wa-id={message.waId || undefined}
      style={{ paddingInline: 16, paddingBlock: 2 }}
    >
      <Flex vertical align={mine ? "flex-end" : "flex-start"} style={{ maxWidth: "min(75%, 560px)" }}>
        <Flex
          align="center"
          gap={4}
          style={{ flexDirection: mine ? "row-reverse" : "row", maxWidth: "100%" }}
        >
          <div
            style={{
              background: mine ? token.colorPrimaryBg : token.colorBgContainer,
              border: `1px solid ${mine ? token.colorPrimaryBorder : token.colorBorderSecondary}`,
              borderRadius: 12,
              borderStartEndRadius: mine ? 4 : 12,
              borderStartStartRadius: mine ? 12 : 4,
              padding: "6px 10px",
              minWidth: 0,
              boxShadow: token.boxShadowTertiary,
            }}
          >
            {showSender && !mine && message.senderName && (
              <Typography.Text strong style={{ display: "block", fontSize: 12, color: token.colorPrimary }}>
                {message.senderName}
              </Typography.Text>
            )}
            {message.quoted && !deleted && (
              <button
                type="button"
                onClick={() => message.quoted && onQuoteClick(message.quoted.waId)}
                aria-label="Show the quoted message"
                style={{
                  display: "block",
                  width: "100%",
                  textAlign: "start",
                  border: "none",
                  borderInlineStart: `3px solid ${token.colorPrimary}`,
                  background: token.colorFillQuaternary,
                  borderRadius: 6,
                  padding: "4px 8px",
                  marginBottom: 4,
                  cursor: "pointer",
                  font: "inherit",
                }}
              >
                <Typography.Text strong style={{ display: "block", fontSize: 12, color: token.colorPrimary }}>
                  {message.quoted.fromMe ? "You" : (message.quoted.senderName ?? "Them")}
                </Typography.Text>
                <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, display: "block" }}>
                  {message.quoted.text ?? "Media"}
                </Typography.Text>
              </button>
            )}
            {deleted ? (
              <Typography.Text type="secondary" italic>
                <StopOutlined /> {mine ? "You deleted this message" : "This message was deleted"}
              </Typography.Text>
            ) : (
              <>
                {hasMedia && message.media && (
                  <div style={{ marginBottom: message.text ? 4 : 0 }}>
                    <MessageMedia type={message.type} media={message.media} />
                  </div>
                )}
                {hasMedia && !message.media && (
                  <Flex
                    align="center"
                    gap={8}
                    style={{
                      background: token.colorFillTertiary,
                      borderRadius: 8,
                      padding: "8px 10px",
                      marginBottom: message.text ? 4 : 0,
                    }}
                  >
                    <span style={{ fontSize: 20, color: token.colorTextSecondary }}>
                      {mediaIcons[message.type] ?? <FileOutlined />}
                    </span>
                    <Typography.Text ellipsis style={{ fontSize: 13 }}>
                      {mediaNames[message.type] ?? "Attachment"}
                    </Typography.Text>
                  </Flex>
                )}
                {message.text && (
                  <Typography.Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                    {message.text}
                  </Typography.Text>
                )}
              </>
            )}
            <Flex
              justify="flex-end"
              align="center"
              gap={4}
              style={{ fontSize: 11, color: token.colorTextTertiary, marginTop: 2 }}
            >
              {message.editedAt && !deleted && <span>edited</span>}
              <time dateTime={message.sentAt}>{formatMessageTime(message.sentAt)}</time>
              {mine && <MessageStatusIcon status={message.status} />}
            </Flex>
          </div>
          <MessageActions chatId={chatId} message={message} onReply={onReply} />
        </Flex>
        {message.reactions.length > 0 && <ReactionChips chatId={chatId} message={message} />}
        {mine && message.status === "failed" && (
          <Flex align="center" gap={6} style={{ marginTop: 2 }}>
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {message.error ?? "Not sent"}
            </Typography.Text>
            {message.id > 0 && (
              <Button size="small" type="link" danger onClick={() => onRetry(message)} style={{ padding: 0 }}>
                Retry
              </Button>
            )}
          </Flex>
        )}
      </Flex>
    </Flex>
  );
}
