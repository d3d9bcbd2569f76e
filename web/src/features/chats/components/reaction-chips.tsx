import { Flex, theme } from "antd";
import type { MessageItem } from "../api/chats";
import { isActionable, useReactToMessage } from "../api/message-actions";

/**
 * The reactions under a bubble, as on WhatsApp: tapping mine takes it back, tapping another
 * reacts with that emoji too (one reaction per person, so it replaces mine).
 */
export function ReactionChips({ chatId, message }: { chatId: number; message: MessageItem }) {
  const { token } = theme.useToken();
  const react = useReactToMessage(chatId);
  const enabled = isActionable(message);
  return (
    <Flex gap={4} wrap style={{ marginTop: -2 }}>
      {message.reactions.map((reaction) => (
        <button
          type="button"
          key={reaction.emoji}
          disabled={!enabled || react.isPending}
          aria-label={`${reaction.emoji} ${reaction.count}: ${reaction.mine ? "take my reaction back" : "react with it too"}`}
          onClick={() => react.mutate({ message, emoji: reaction.mine ? null : reaction.emoji })}
          style={{
            fontSize: 12,
            padding: "0 6px",
            borderRadius: 10,
            cursor: enabled ? "pointer" : "default",
            color: "inherit",
            background: reaction.mine ? token.colorPrimaryBg : token.colorBgContainer,
            border: `1px solid ${reaction.mine ? token.colorPrimaryBorder : token.colorBorderSecondary}`,
          }}
        >
          {reaction.emoji}
          {reaction.count > 1 && ` ${reaction.count}`}
        </button>
      ))}
    </Flex>
  );
}
