import { FileOutlined, PaperClipOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Input, Modal, Progress, Typography, theme } from "antd";
import { type RefObject, useEffect, useRef, useState } from "react";
import type { MessageItem } from "../api/chats";
import { fileProblem, formatBytes, mediaKindOf, useSendMedia } from "../api/media";

type AttachButtonProps = {
  chatId: number;
  disabled: boolean;
  replyTo: MessageItem | null;
  onSent: () => void;
  /** The message box: an image pasted or dropped there is offered for sending too. */
  inputRef: RefObject<HTMLTextAreaElement | null>;
};

/** The file a paste or drop carries, if any. */
const fileOf = (data: DataTransfer | null) => data?.files?.[0] ?? null;

/** Paperclip: choose (or paste, or drop) a file, see it, add a caption, send it with a progress bar. */
export function AttachButton({ chatId, disabled, replyTo, onSent, inputRef }: AttachButtonProps) {
  const { token } = theme.useToken();
  const picker = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [caption, setCaption] = useState("");
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const send = useSendMedia(chatId);
  const kind = file ? mediaKindOf(file) : null;
  const problem = file ? fileProblem(file) : null;

  const choose = (chosen: File | null) => {
    if (!chosen) return;
    send.reset();
    setFile(chosen);
    setCaption("");
  };

  useEffect(() => {
    if (!file || mediaKindOf(file) === "document") return;
    const url = URL.createObjectURL(file);
    setPreviewUrl(url);
    return () => {
      URL.revokeObjectURL(url);
      setPreviewUrl(null);
    };
  }, [file]);

  // Pasting or dropping a file into the message box picks it.
  useEffect(() => {
    const box = inputRef.current;
    if (!box || disabled) return;
    const onPaste = (event: ClipboardEvent) => {
      const pasted = fileOf(event.clipboardData);
      if (!pasted) return;
      event.preventDefault();
      choose(pasted);
    };
    const onDrop = (event: DragEvent) => {
      const dropped = fileOf(event.dataTransfer);
      if (!dropped) return;
      event.preventDefault();
      choose(dropped);
    };
    box.addEventListener("paste", onPaste);
    box.addEventListener("drop", onDrop);
    return () => {
      box.removeEventListener("paste", onPaste);
      box.removeEventListener("drop", onDrop);
    };
  });

  const close = () => {
    if (send.isPending) return;
    setFile(null);
    if (picker.current) picker.current.value = "";
  };

  const submit = () => {
    if (!file || problem) return;
    send.mutate(
      { file, caption: kind === "audio" ? "" : caption, replyTo },
      {
        onSuccess: () => {
          setFile(null);
          if (picker.current) picker.current.value = "";
          onSent();
        },
      },
    );
  };

  return (
    <>
      <Button
        type="text"
        shape="circle"
        size="large"
        icon={<PaperClipOutlined />}
        aria-label="Attach a file"
        disabled={disabled}
        onClick={() => picker.current?.click()}
      />
      <input
        ref={picker}
        type="file"
        hidden
        data-testid="attach-input"
        onChange={(event) => choose(event.target.files?.[0] ?? null)}
      />
      <Modal
        open={file !== null}
        title={
          kind === "image"
            ? "Send photo"
            : kind === "video"
              ? "Send video"
              : kind === "audio"
                ? "Send audio"
                : "Send document"
        }
        onCancel={close}
        okText="Send"
        onOk={submit}
        okButtonProps={{ disabled: problem !== null, loading: send.isPending }}
        cancelButtonProps={{ disabled: send.isPending }}
        maskClosable={!send.isPending}
        destroyOnHidden
      >
        {file && (
          <Flex vertical gap={12}>
            {kind === "image" && previewUrl && (
              <Flex justify="center" style={{ background: token.colorFillTertiary, borderRadius: 8 }}>
                <img
                  src={previewUrl}
                  alt={file.name}
                  style={{ maxWidth: "100%", maxHeight: 320, objectFit: "contain", display: "block" }}
                />
              </Flex>
            )}
            {kind === "video" && previewUrl && (
              // biome-ignore lint/a11y/useMediaCaption: a preview of the user's own file
              <video src={previewUrl} controls style={{ maxWidth: "100%", maxHeight: 320 }} />
            )}
            {kind === "audio" && previewUrl && (
              // biome-ignore lint/a11y/useMediaCaption: a preview of the user's own file
              <audio src={previewUrl} controls style={{ width: "100%" }} />
            )}
            <Flex align="center" gap={8}>
              <FileOutlined style={{ color: token.colorTextSecondary }} aria-hidden />
              <Typography.Text ellipsis style={{ flex: 1 }}>
                {file.name}
              </Typography.Text>
              <Typography.Text type="secondary">{formatBytes(file.size)}</Typography.Text>
            </Flex>
            {problem && <Alert type="error" showIcon title={problem} />}
            {kind !== "audio" && (
              <Input.TextArea
                value={caption}
                onChange={(event) => setCaption(event.target.value)}
                placeholder="Add a caption"
                aria-label="Caption"
                maxLength={4096}
                autoSize={{ minRows: 1, maxRows: 4 }}
                disabled={send.isPending || problem !== null}
                onPressEnter={(event) => {
                  if (event.shiftKey || event.nativeEvent.isComposing) return;
                  event.preventDefault();
                  submit();
                }}
              />
            )}
            {send.isPending && <Progress percent={Math.round(send.progress * 100)} size="small" />}
            {send.error && <Alert type="error" showIcon title={send.error.message} />}
          </Flex>
        )}
      </Modal>
    </>
  );
}
