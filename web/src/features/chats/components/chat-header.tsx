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

/** Whether the other side is typing in this chat right now. */
function useIsTyping(chatId: number): boolean {
  const [typingSince, setTypingSince] = useState<number | null>(null);
  useRealtimeEvent("chat.typing", (event) => {
    if (event.chatId === chatId) setTypingSince(event.state === "composing" ? Date.now() : null);
  });
  useEffect(() => {
    if (typingSince === null) return;
    const timer = window.setTimeout(() => setTypingSince(null), TYPING_TIMEOUT_MS);
    return () => window.clearTimeout(timer);
  }, [typingSince]);
  return typingSince !== null;
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
  const typing = useIsTyping(chat.id);
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
          {typing ? "typing…" : subtitle}
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
