import { CloseOutlined, SendOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Input, Typography, theme } from "antd";
import { type KeyboardEvent, type RefObject, useState } from "react";
import { LinkButton } from "@/components/link-button";
import { useSendingOffReason } from "@/lib/my-number";
import type { MessageItem } from "../api/chats";
import { AttachButton } from "./attach-button";
import { EmojiButton } from "./emoji-button";

type ComposerProps = {
  chatId: number;
  /** Sending needs my number connected; otherwise the composer says why it is off. */
  connected: boolean;
  replyTo: MessageItem | null;
  onCancelReply: () => void;
  onSend: (text: string) => void;
  inputRef: RefObject<HTMLTextAreaElement | null>;
};

/** The message box: Enter sends, Shift+Enter starts a new line; a reply shows above it. */
export function Composer({ chatId, connected, replyTo, onCancelReply, onSend, inputRef }: ComposerProps) {
  const { token } = theme.useToken();
  const [text, setText] = useState("");
  const canSend = connected && text.trim() !== "";
  const offReason = useSendingOffReason().data;

  const send = () => {
    if (!canSend) return;
    onSend(text.trim());
    setText("");
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Not while an input method is composing (Japanese, Chinese…): Enter confirms the word there.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
    if (event.key === "Escape" && replyTo) {
      event.stopPropagation();
      onCancelReply();
    }
  };

  return (
    <div
      style={{
        borderTop: `1px solid ${token.colorBorderSecondary}`,
        background: token.colorBgContainer,
        padding: "8px 12px",
      }}
    >
      {!connected && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={offReason}
          action={
            <LinkButton size="small" to="/whatsapp">
              Open WhatsApp
            </LinkButton>
          }
        />
      )}
      {replyTo && (
        <Flex
          align="center"
          gap={8}
          style={{
            borderInlineStart: `3px solid ${token.colorPrimary}`,
            background: token.colorFillQuaternary,
            borderRadius: 6,
            padding: "4px 8px",
            marginBottom: 8,
          }}
        >
          <Flex vertical style={{ flex: 1, minWidth: 0 }}>
            <Typography.Text strong style={{ fontSize: 12, color: token.colorPrimary }}>
              Replying to {replyTo.fromMe ? "yourself" : (replyTo.senderName ?? "them")}
            </Typography.Text>
            <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
              {replyTo.text ?? "Media"}
            </Typography.Text>
          </Flex>
          <Button
            type="text"
            size="small"
            icon={<CloseOutlined />}
            aria-label="Cancel reply"
            onClick={onCancelReply}
          />
        </Flex>
      )}
      <Flex gap={8} align="flex-end">
        <AttachButton
          chatId={chatId}
          disabled={!connected}
          replyTo={replyTo}
          onSent={onCancelReply}
          inputRef={inputRef}
        />
        <EmojiButton inputRef={inputRef} text={text} onTextChange={setText} disabled={!connected} />
        <Input.TextArea
          ref={(instance) => {
            inputRef.current = instance?.resizableTextArea?.textArea ?? null;
          }}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          autoSize={{ minRows: 1, maxRows: 6 }}
          placeholder={connected ? "Type a message" : "Sending is off while WhatsApp is disconnected"}
          aria-label="Message"
          disabled={!connected}
          style={{ flex: 1 }}
        />
        <Button
          type="primary"
          shape="circle"
          size="large"
          icon={<SendOutlined />}
          aria-label="Send"
          disabled={!canSend}
          onClick={send}
        />
      </Flex>
    </div>
  );
}
