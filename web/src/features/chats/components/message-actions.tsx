import {
  CopyOutlined,
  DeleteOutlined,
  EditOutlined,
  MoreOutlined,
  PlusOutlined,
  RollbackOutlined,
  SmileOutlined,
} from "@ant-design/icons";
import {
  App,
  Button,
  Dropdown,
  Flex,
  Input,
  type MenuProps,
  Modal,
  Popconfirm,
  Popover,
  Tooltip,
} from "antd";
import { useEffect, useRef, useState } from "react";
import type { MessageItem } from "../api/chats";
import {
  canDeleteForEveryone,
  canEdit,
  isActionable,
  useDeleteForEveryone,
  useEditMessage,
  useReactToMessage,
} from "../api/message-actions";
import { LazyEmojiPicker, PickerPanel } from "./emoji-button";

/** The reactions one tap away, as on WhatsApp; "+" opens the whole picker. */
const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"];

type MessageActionsProps = {
  chatId: number;
  message: MessageItem;
  onReply: (message: MessageItem) => void;
};

/**
 * What can be done to one message: reply, react, copy, edit and delete for everyone (mine).
 * A small toolbar beside the bubble shows on hover or focus (always on touch screens); a right
 * click or a long press on the bubble opens its menu too.
 */
export function MessageActions({ chatId, message, onReply }: MessageActionsProps) {
  const { message: toast } = App.useApp();
  const react = useReactToMessage(chatId);
  const deleteForEveryone = useDeleteForEveryone(chatId);
  const [picker, setPicker] = useState<"quick" | "full" | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [editing, setEditing] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const toolbar = useRef<HTMLDivElement>(null);
  const actionable = isActionable(message);
  const myReaction = message.reactions.find((reaction) => reaction.mine)?.emoji ?? null;

  const pick = (emoji: string) => {
    setPicker(null);
    // Picking the reaction I already gave takes it back.
    react.mutate({ message, emoji: emoji === myReaction ? null : emoji });
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(message.text ?? "");
      toast.success("Copied");
    } catch {
      toast.error("Couldn't copy: the browser refused access to the clipboard");
    }
  };

  const items: NonNullable<MenuProps["items"]> = [
    ...(actionable
      ? [
          { key: "reply", icon: <RollbackOutlined />, label: "Reply" },
          { key: "react", icon: <SmileOutlined />, label: "React" },
        ]
      : []),
    ...(message.text && message.deletedAt === null
      ? [{ key: "copy", icon: <CopyOutlined />, label: "Copy text" }]
      : []),
    ...(canEdit(message) ? [{ key: "edit", icon: <EditOutlined />, label: "Edit" }] : []),
    ...(canDeleteForEveryone(message)
      ? [{ key: "delete", icon: <DeleteOutlined />, label: "Delete for everyone", danger: true }]
      : []),
  ];
  const onMenuClick: MenuProps["onClick"] = ({ key }) => {
    if (key === "reply") onReply(message);
    if (key === "react") setPicker("quick");
    if (key === "copy") void copy();
    if (key === "edit") setEditing(true);
    if (key === "delete") setConfirmingDelete(true);
  };
  const menu = { items, onClick: onMenuClick };
  const hasMenu = items.length > 0;

  // The toolbar sits beside the bubble in one row: the row's context menu (a long press on phones) is ours.
  useEffect(() => {
    const row = toolbar.current?.parentElement;
    if (!row || !hasMenu) return;
    const openMenu = (event: MouseEvent) => {
      event.preventDefault();
      setMenuOpen(true);
    };
    row.addEventListener("contextmenu", openMenu);
    return () => row.removeEventListener("contextmenu", openMenu);
  }, [hasMenu]);

  if (!hasMenu) return null;

  const quickReactions = (
    <Flex gap={2} align="center" role="group" aria-label="Reactions">
      {QUICK_REACTIONS.map((emoji) => (
        <Button
          key={emoji}
          type={emoji === myReaction ? "primary" : "text"}
          ghost={emoji === myReaction}
          shape="circle"
          aria-label={emoji === myReaction ? `Remove ${emoji}` : `React ${emoji}`}
          aria-pressed={emoji === myReaction}
          onClick={() => pick(emoji)}
          style={{ fontSize: 20 }}
        >
          {emoji}
        </Button>
      ))}
      <Button
        type="text"
        shape="circle"
        icon={<PlusOutlined />}
        aria-label="More emoji"
        onClick={() => setPicker("full")}
      />
    </Flex>
  );
  const open = picker !== null || confirmingDelete || menuOpen;

  return (
    <>
      <Flex
        ref={toolbar}
        gap={2}
        className={open ? "message-actions message-actions-open" : "message-actions"}
      >
        {actionable && (
          <Tooltip title="Reply">
            <Button
              type="text"
              size="small"
              shape="circle"
              icon={<RollbackOutlined />}
              aria-label="Reply"
              onClick={() => onReply(message)}
            />
          </Tooltip>
        )}
        {actionable && (
          <Popover
            open={picker !== null}
            onOpenChange={(next) => setPicker(next ? "quick" : null)}
            trigger="click"
            destroyOnHidden
            placement={message.fromMe ? "topRight" : "topLeft"}
            styles={{ container: { padding: picker === "full" ? 0 : 4 } }}
            content={
              <PickerPanel label="React" onClose={() => setPicker(null)}>
                {picker === "full" ? <LazyEmojiPicker onPick={pick} /> : quickReactions}
              </PickerPanel>
            }
          >
            <Button type="text" size="small" shape="circle" icon={<SmileOutlined />} aria-label="React" />
          </Popover>
        )}
        <Popconfirm
          open={confirmingDelete}
          onOpenChange={(next) => !next && setConfirmingDelete(false)}
          title="Delete for everyone?"
          description="It goes from their phone too; they see that a message was deleted."
          okText="Delete"
          okButtonProps={{ danger: true }}
          onConfirm={() => {
            setConfirmingDelete(false);
            deleteForEveryone.mutate({ message });
          }}
          onCancel={() => setConfirmingDelete(false)}
        >
          <Dropdown menu={menu} trigger={["click"]} open={menuOpen} onOpenChange={setMenuOpen}>
            <Button
              type="text"
              size="small"
              shape="circle"
              icon={<MoreOutlined />}
              aria-label="Message actions"
            />
          </Dropdown>
        </Popconfirm>
      </Flex>
      {editing && <EditMessageModal chatId={chatId} message={message} onClose={() => setEditing(false)} />}
    </>
  );
}

function EditMessageModal({
  chatId,
  message,
  onClose,
}: {
  chatId: number;
  message: MessageItem;
  onClose: () => void;
}) {
  const edit = useEditMessage(chatId);
  const [text, setText] = useState(message.text ?? "");
  const changed = text.trim() !== "" && text !== message.text;
  const save = () => {
    if (!changed) return;
    edit.mutate({ message, text });
    onClose();
  };
  return (
    <Modal
      open
      title="Edit message"
      okText="Save"
      okButtonProps={{ disabled: !changed }}
      onOk={save}
      onCancel={onClose}
      destroyOnHidden
    >
      <Input.TextArea
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            save();
          }
        }}
        autoSize={{ minRows: 2, maxRows: 8 }}
        maxLength={4096}
        aria-label="Message text"
        autoFocus
      />
    </Modal>
  );
}
