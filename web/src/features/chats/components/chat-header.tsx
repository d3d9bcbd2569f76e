import { ArrowLeftOutlined, InfoCircleOutlined } from "@ant-design/icons";
import { Button, Flex, Tag, Typography, theme } from "antd";
import { useEffect, useState } from "react";
import { LinkButton } from "@/components/link-button";
import { formatPhone } from "@/lib/format";
import { useRealtimeEvent } from "@/lib/realtime-provider";
import { useTagsById } from "@/lib/tags";
import type { ChatItem } from "../api/chats";
import { ChatAvatar } from "./chat-avatar";

/** WhatsApp repeats "composing" while typing goes on; silence this long means they stopped. */
const TYPING_TIMEOUT_MS = 15_000;

type Typing = { since: number; recording: boolean };

/** What the other side is doing in this chat right now: "typing…", "recording audio…", or nothing. */
function useTypingLabel(chatId: number): string | null {
  const [typing, setTyping] = useState<Typing | null>(null);
  useRealtimeEvent("chat.typing", (event) => {
    if (event.chatId !== chatId) return;
    setTyping(event.state === "composing" ? { since: Date.now(), recording: event.media === "audio" } : null);
  });
  useEffect(() => {
    if (typing === null) return;
    const timer = window.setTimeout(() => setTyping(null), TYPING_TIMEOUT_MS);
    return () => window.clearTimeout(timer);
  }, [typing]);
  if (!typing) return null;
  return typing.recording ? "recording audio…" : "typing…";
}

type ChatHeaderProps = {
  chat: ChatItem;
  /** Phones show one pane at a time: the arrow goes back to the list. */
  showBack: boolean;
  panelOpen: boolean;
  onTogglePanel: () => void;
};

export function ChatHeader({ chat, showBack, panelOpen, onTogglePanel }: ChatHeaderProps) {
  const { token } = theme.useToken();
  const tagsById = useTagsById();
  const typing = useTypingLabel(chat.id);
  const tag = chat.contact?.tagId ? tagsById.get(chat.contact.tagId) : undefined;
  const subtitle = chat.isGroup ? "Group" : chat.phoneE164 ? formatPhone(chat.phoneE164) : null;

  return (
    <Flex
      className="chat-header"
      align="center"
      gap={12}
      style={{
        padding: "8px 12px",
        minHeight: 60,
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        background: token.colorBgContainer,
      }}
    >
      {showBack && (
        <LinkButton type="text" icon={<ArrowLeftOutlined />} aria-label="Back to chats" to="/chats" />
      )}
      <ChatAvatar title={chat.title} isGroup={chat.isGroup} size={40} />
      <Flex vertical style={{ flex: 1, minWidth: 0 }}>
        <Flex align="center" gap={8} style={{ minWidth: 0 }}>
          <Typography.Title level={5} ellipsis style={{ margin: 0, minWidth: 0 }}>
            {chat.title}
          </Typography.Title>
          {tag && (
            <Tag color={tag.color} style={{ marginInlineEnd: 0 }}>
              {tag.name}
            </Tag>
          )}
        </Flex>
        <Typography.Text
          ellipsis
          aria-live="polite"
          style={{ fontSize: 12, color: typing ? token.colorPrimary : token.colorTextSecondary }}
        >
          {typing ?? subtitle}
        </Typography.Text>
      </Flex>
      <Button
        type={panelOpen ? "primary" : "text"}
        ghost={panelOpen}
        icon={<InfoCircleOutlined />}
        aria-label={panelOpen ? "Hide contact details" : "Show contact details"}
        aria-pressed={panelOpen}
        onClick={onTogglePanel}
      />
    </Flex>
  );
}
