import { SmileOutlined } from "@ant-design/icons";
import { Button, Flex, Popover, Spin } from "antd";
import { lazy, type ReactNode, type RefObject, Suspense, useEffect, useEffectEvent, useState } from "react";

// Its own chunk (emoji data included), loaded the first time a picker opens: the first screen stays small.
const EmojiPicker = lazy(() => import("emoji-picker-react"));

/**
 * The full picker: search, categories and recently used. Native emoji only, so nothing is fetched
 * from a CDN (the app must work offline).
 */
export function LazyEmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  return (
    <Suspense
      fallback={
        <Flex align="center" justify="center" style={{ width: 320, height: 380 }}>
          <Spin aria-label="Loading emoji" />
        </Flex>
      }
    >
      <EmojiPicker
        emojiStyle="native"
        suggestedEmojisMode="recent"
        previewConfig={{ showPreview: false }}
        lazyLoadEmojis
        autoFocusSearch
        width={320}
        height={380}
        onEmojiClick={(data) => onPick(data.emoji)}
      />
    </Suspense>
  );
}

/**
 * A popup of emoji, mounted only while open. Esc closes it alone, wherever the focus is: not the
 * contact panel behind it too, nor the reply being written.
 */
export function PickerPanel({
  label,
  onClose,
  children,
}: {
  label: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const close = useEffectEvent(onClose);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.stopPropagation();
      close();
    };
    // Capturing on the document runs before the focused element's and the window's own handlers.
    document.addEventListener("keydown", onKeyDown, true);
    return () => document.removeEventListener("keydown", onKeyDown, true);
  }, []);
  return (
    <div role="dialog" aria-label={label}>
      {children}
    </div>
  );
}

type EmojiButtonProps = {
  inputRef: RefObject<HTMLTextAreaElement | null>;
  text: string;
  onTextChange: (text: string) => void;
  disabled?: boolean;
};

/** Opens the picker beside the message box; a pick goes in where the cursor is. */
export function EmojiButton({ inputRef, text, onTextChange, disabled }: EmojiButtonProps) {
  const [open, setOpen] = useState(false);

  const insert = (emoji: string) => {
    const input = inputRef.current;
    const start = input?.selectionStart ?? text.length;
    const end = input?.selectionEnd ?? text.length;
    onTextChange(text.slice(0, start) + emoji + text.slice(end));
    // After React has rendered the new text the cursor goes right after the emoji; focus stays in
    // the picker for the next one (Esc hands it back to the message box).
    requestAnimationFrame(() => input?.setSelectionRange(start + emoji.length, start + emoji.length));
  };

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="topLeft"
      arrow={false}
      styles={{ container: { padding: 0 } }}
      // Mounted on first open (the picker's chunk loads then), unmounted on close: search starts empty.
      destroyOnHidden
      content={
        <PickerPanel
          label="Emoji"
          onClose={() => {
            setOpen(false);
            inputRef.current?.focus();
          }}
        >
          <LazyEmojiPicker onPick={insert} />
        </PickerPanel>
      }
    >
      <Button
        type="text"
        shape="circle"
        size="large"
        icon={<SmileOutlined />}
        aria-label="Emoji"
        aria-expanded={open}
        disabled={disabled}
      />
    </Popover>
  );
}
