import { SearchOutlined, StarFilled, WhatsAppOutlined } from "@ant-design/icons";
import { Badge, Empty, Flex, Input, Segmented, Skeleton, Spin, Typography, theme } from "antd";
import { type ReactNode, useRef, useState } from "react";
import { Link } from "react-router";
import { ErrorState } from "@/components/error-state";
import { LinkButton } from "@/components/link-button";
import { TagSelect } from "@/components/tag-select";
import { useDebouncedValue } from "@/hooks/use-debounced-value";
import { useOnVisible } from "@/hooks/use-on-visible";
import { useTagsById } from "@/lib/tags";
import type { WhatsAppState } from "@/types/api";
import { type ChatItem, useChatList } from "../api/chats";
import { ChatAvatar } from "./chat-avatar";
import { formatChatTime } from "./chat-time";
import { MessageStatusIcon } from "./message-status-icon";
import { NewChatButton } from "./new-chat-button";

type ChatListProps = {
  selectedChatId: number | undefined;
  numberState: WhatsAppState | undefined;
};

/** The left pane: search, filters, favourites first, then every chat by its last message. */
export function ChatList({ selectedChatId, numberState }: ChatListProps) {
  const { token } = theme.useToken();
  const [search, setSearch] = useState("");
  const [tagId, setTagId] = useState<number | undefined>();
  const [unread, setUnread] = useState(false);
  const q = useDebouncedValue(search.trim());
  const chats = useChatList({ q, tagId, unread });
  const sentinel = useRef<HTMLDivElement>(null);
  useOnVisible(
    sentinel,
    () => chats.hasNextPage && !chats.isFetchingNextPage && chats.fetchNextPage(),
    chats.hasNextPage,
    chats.data,
  );

  const items = chats.data?.pages.flatMap((page) => page.items) ?? [];
  const favourites = items.filter((chat) => chat.favouriteId !== null);
  const others = items.filter((chat) => chat.favouriteId === null);
  const filtered = q !== "" || tagId !== undefined || unread;

  return (
    <Flex vertical style={{ height: "100%", minHeight: 0 }}>
      <Flex vertical gap={8} style={{ padding: 12, borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
        <Flex gap={8}>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder="Search names and messages"
            aria-label="Search chats"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
          <NewChatButton connected={numberState === "connected"} />
        </Flex>
        <Flex gap={8}>
          <TagSelect
            placeholder="Any tag"
            aria-label="Filter by tag"
            value={tagId}
            onChange={(value) => setTagId(value ?? undefined)}
            style={{ flex: 1, minWidth: 0 }}
          />
          <Segmented<"all" | "unread">
            aria-label="Show"
            value={unread ? "unread" : "all"}
            onChange={(value) => setUnread(value === "unread")}
            options={[
              { value: "all", label: "All" },
              { value: "unread", label: "Unread" },
            ]}
          />
        </Flex>
      </Flex>
      <div style={{ flex: 1, minHeight: 0, overflowY: "auto" }}>
        {numberState === "none" && items.length === 0 ? (
          <Empty
            image={<WhatsAppOutlined style={{ fontSize: 48, color: token.colorPrimary }} />}
            description="Link your WhatsApp number to see your chats here."
            style={{ paddingBlock: 48, paddingInline: 16 }}
          >
            <LinkButton type="primary" to="/whatsapp">
              Link your WhatsApp number
            </LinkButton>
          </Empty>
        ) : chats.isPending ? (
          <div style={{ padding: 16 }}>
            <Skeleton avatar active paragraph={{ rows: 1 }} />
            <Skeleton avatar active paragraph={{ rows: 1 }} />
            <Skeleton avatar active paragraph={{ rows: 1 }} />
          </div>
        ) : chats.isError ? (
          <ErrorState error={chats.error} title="Couldn't load your chats" onRetry={() => chats.refetch()} />
        ) : items.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={filtered ? "No chats match." : "No chats yet. They appear as messages come in."}
            style={{ paddingBlock: 48 }}
          />
        ) : (
          <nav aria-label="Chats">
            {favourites.length > 0 && (
              <SectionTitle>
                <StarFilled style={{ color: "#faad14" }} /> Favourites
              </SectionTitle>
            )}
            <ChatRows chats={favourites} selectedChatId={selectedChatId} />
            {favourites.length > 0 && others.length > 0 && <SectionTitle>All chats</SectionTitle>}
            <ChatRows chats={others} selectedChatId={selectedChatId} />
            <div ref={sentinel} style={{ height: 1 }} />
            {chats.isFetchingNextPage && (
              <Flex justify="center" style={{ padding: 12 }}>
                <Spin size="small" />
              </Flex>
            )}
          </nav>
        )}
      </div>
    </Flex>
  );
}

function SectionTitle({ children }: { children: ReactNode }) {
  return (
    <Typography.Text
      type="secondary"
      strong
      style={{ display: "block", padding: "10px 16px 4px", fontSize: 12, textTransform: "uppercase" }}
    >
      {children}
    </Typography.Text>
  );
}

function ChatRows({ chats, selectedChatId }: { chats: ChatItem[]; selectedChatId: number | undefined }) {
  if (chats.length === 0) return null;
  return (
    <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {chats.map((chat) => (
        <li key={chat.id}>
          <ChatRow chat={chat} selected={chat.id === selectedChatId} />
        </li>
      ))}
    </ul>
  );
}

function ChatRow({ chat, selected }: { chat: ChatItem; selected: boolean }) {
  const { token } = theme.useToken();
  const tagsById = useTagsById();
  const tag = chat.contact?.tagId ? tagsById.get(chat.contact.tagId) : undefined;
  const unread = chat.unreadCount > 0;
  return (
    <Link
      to={`/chats/${chat.id}`}
      aria-current={selected ? "page" : undefined}
      aria-label={`${chat.title}${unread ? `, ${chat.unreadCount} unread` : ""}`}
      className="chat-row"
      style={{
        display: "flex",
        gap: 12,
        alignItems: "center",
        padding: "10px 16px",
        color: "inherit",
        background: selected ? token.colorPrimaryBg : undefined,
      }}
    >
      <ChatAvatar title={chat.title} isGroup={chat.isGroup} />
      <Flex vertical style={{ flex: 1, minWidth: 0 }}>
        <Flex align="center" gap={6}>
          <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0 }}>
            {chat.title}
          </Typography.Text>
          {chat.lastMessageAt && (
            <Typography.Text
              style={{
                fontSize: 12,
                flexShrink: 0,
                color: unread ? token.colorPrimary : token.colorTextTertiary,
              }}
            >
              {formatChatTime(chat.lastMessageAt)}
            </Typography.Text>
          )}
        </Flex>
        <Flex align="center" gap={6}>
          {tag && (
            <span
              role="img"
              aria-label={`Tag ${tag.name}`}
              title={tag.name}
              style={{ width: 8, height: 8, borderRadius: 4, background: tag.color, flexShrink: 0 }}
            />
          )}
          {chat.lastMessageFromMe && chat.lastMessageStatus && (
            <span style={{ color: token.colorTextTertiary, flexShrink: 0 }}>
              <MessageStatusIcon status={chat.lastMessageStatus} />
            </span>
          )}
          <Typography.Text type="secondary" ellipsis style={{ flex: 1, minWidth: 0, fontSize: 13 }}>
            {chat.lastMessagePreview ?? ""}
          </Typography.Text>
          {unread && <Badge count={chat.unreadCount} color={token.colorPrimary} overflowCount={99} />}
        </Flex>
      </Flex>
    </Link>
  );
}
