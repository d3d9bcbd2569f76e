import { HolderOutlined, LeftOutlined, RightOutlined, StarFilled, WhatsAppOutlined } from "@ant-design/icons";
import { Tag as AntTag, Button, Card, Flex, Skeleton, Tooltip, Typography, theme } from "antd";
import { type DragEvent, useState } from "react";
import { Link } from "react-router";
import { type Favourite, useFavourites, useRemoveFavourite, useReorderFavourites } from "@/lib/favourites";
import { formatPhone } from "@/lib/format";
import { useTagsById } from "@/lib/tags";

type FavouritesPanelProps = {
  /** Where a favourite's name links to, e.g. its card in the contact book. */
  linkTo: (favourite: Favourite) => string;
};

/** `list` with the item at `from` moved to `to`. */
function moved<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

/**
 * My pinned contacts, in my order: drag a card onto another to move it there, or use its arrow
 * buttons (keyboard and touch screens, where HTML drag and drop does not reach).
 */
export function FavouritesPanel({ linkTo }: FavouritesPanelProps) {
  const { token } = theme.useToken();
  const favourites = useFavourites();
  const tagsById = useTagsById();
  const reorder = useReorderFavourites();
  const remove = useRemoveFavourite();
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);

  const items = favourites.data ?? [];
  // Pins not yet saved have no id the server knows: hold the order until they are.
  const canReorder = items.every((favourite) => favourite.id > 0);
  const move = (from: number, to: number) => {
    if (from === to || to < 0 || to >= items.length || !canReorder) return;
    reorder.mutate(moved(items, from, to));
  };

  const dropOn = (event: DragEvent, targetIndex: number) => {
    event.preventDefault();
    const from = items.findIndex((favourite) => favourite.id === dragging);
    setDragging(null);
    setOver(null);
    if (from >= 0) move(from, targetIndex);
  };

  const body = () => {
    if (favourites.isPending) return <Skeleton active title={false} paragraph={{ rows: 1 }} />;
    if (items.length === 0)
      return (
        <Typography.Text type="secondary">
          Star a contact (☆) to keep it here, in the order you like.
        </Typography.Text>
      );
    return (
      <ol
        aria-label="Favourites"
        style={{
          display: "grid",
          gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 240px), 1fr))",
          gap: 8,
          margin: 0,
          padding: 0,
          listStyle: "none",
        }}
      >
        {items.map((favourite, index) => {
          const tag = favourite.tagId === null ? undefined : tagsById.get(favourite.tagId);
          return (
            <li
              key={favourite.id}
              draggable={canReorder}
              onDragStart={(event) => {
                event.dataTransfer.effectAllowed = "move";
                event.dataTransfer.setData("text/plain", String(favourite.id));
                setDragging(favourite.id);
              }}
              onDragOver={(event) => {
                if (dragging === null) return;
                event.preventDefault();
                setOver(favourite.id);
              }}
              onDragLeave={() => setOver((current) => (current === favourite.id ? null : current))}
              onDrop={(event) => dropOn(event, index)}
              onDragEnd={() => {
                setDragging(null);
                setOver(null);
              }}
              data-favourite-id={favourite.id}
              style={{
                display: "flex",
                alignItems: "center",
                gap: 8,
                minWidth: 0,
                padding: "6px 4px 6px 8px",
                borderRadius: token.borderRadius,
                border: `1px ${over === favourite.id && dragging !== favourite.id ? "dashed" : "solid"} ${
                  over === favourite.id && dragging !== favourite.id
                    ? token.colorPrimary
                    : token.colorBorderSecondary
                }`,
                background: token.colorBgContainer,
                opacity: dragging === favourite.id ? 0.5 : 1,
                cursor: canReorder ? "grab" : "default",
              }}
            >
              <HolderOutlined aria-hidden style={{ color: token.colorTextQuaternary }} />
              <Flex vertical style={{ minWidth: 0, flex: 1 }}>
                <Flex align="center" gap={6} style={{ minWidth: 0 }}>
                  {favourite.kind === "whatsapp" && (
                    <Tooltip title="WhatsApp contact, not in the contact book">
                      <WhatsAppOutlined style={{ color: "#25d366" }} />
                    </Tooltip>
                  )}
                  <Link
                    to={linkTo(favourite)}
                    style={{
                      minWidth: 0,
                      fontWeight: 600,
                      overflow: "hidden",
                      textOverflow: "ellipsis",
                      whiteSpace: "nowrap",
                    }}
                  >
                    {favourite.name}
                  </Link>
                </Flex>
                <Flex align="center" gap={6} style={{ minWidth: 0 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "nowrap" }}>
                    {favourite.phoneE164 ? formatPhone(favourite.phoneE164) : "No phone"}
                  </Typography.Text>
                  {tag && (
                    <AntTag
                      color={tag.color}
                      style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: "18px" }}
                    >
                      {tag.name}
                    </AntTag>
                  )}
                </Flex>
              </Flex>
              <Flex style={{ flex: "none" }}>
                <Button
                  type="text"
                  size="small"
                  icon={<LeftOutlined />}
                  aria-label={`Move ${favourite.name} earlier`}
                  disabled={index === 0 || !canReorder}
                  onClick={() => move(index, index - 1)}
                />
                <Button
                  type="text"
                  size="small"
                  icon={<RightOutlined />}
                  aria-label={`Move ${favourite.name} later`}
                  disabled={index === items.length - 1 || !canReorder}
                  onClick={() => move(index, index + 1)}
                />
                <Tooltip title="Remove from favourites">
                  <Button
                    type="text"
                    size="small"
                    icon={<StarFilled style={{ color: "#faad14" }} />}
                    aria-label={`Remove ${favourite.name} from favourites`}
                    disabled={favourite.id < 0}
                    onClick={() => remove.mutate(favourite)}
                  />
                </Tooltip>
              </Flex>
            </li>
          );
        })}
      </ol>
    );
  };

  return (
    <Card
      size="small"
      title={
        <Flex align="center" gap={8}>
          <StarFilled style={{ color: "#faad14" }} aria-hidden />
          Favourites
        </Flex>
      }
      extra={
        items.length > 1 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            Drag to reorder
          </Typography.Text>
        )
      }
      style={{ marginBottom: 16 }}
    >
      {body()}
    </Card>
  );
}
