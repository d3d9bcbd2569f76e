import { useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/lib/query-keys";
import { useRealtimeEvent } from "@/lib/realtime-provider";

declare module "@/lib/realtime" {
  interface RealtimeEventMap {
    "message.created": { chatId: number; messageId: number };
    /** A status, an edit, a deletion or a reaction. */
    "message.updated": { chatId: number; messageId: number };
    /** Its place in the list, preview, unread count or contact changed. */
    "chat.updated": { chatId: number };
    /** `media: "audio"` while a voice message is being recorded. */
    "chat.typing": { chatId: number; state: "composing" | "paused"; media?: "" | "audio" };
  }
}

/** The chat screen's live hints: each one refetches what it points at, if it is on screen. */
export function useChatRealtime() {
  const queryClient = useQueryClient();
  const refreshChat = (chatId: number) => {
    queryClient.invalidateQueries({ queryKey: queryKeys.chats.lists });
    queryClient.invalidateQueries({ queryKey: queryKeys.chats.detail(chatId) });
  };
  const refreshMessages = ({ chatId }: { chatId: number }) => {
    queryClient.invalidateQueries({ queryKey: queryKeys.chats.messages(chatId) });
    refreshChat(chatId);
  };
  useRealtimeEvent("message.created", refreshMessages);
  useRealtimeEvent("message.updated", refreshMessages);
  useRealtimeEvent("chat.updated", ({ chatId }) => refreshChat(chatId));
  // Names and tags in the list come from contacts.
  useRealtimeEvent("contact.updated", () => queryClient.invalidateQueries({ queryKey: queryKeys.chats.all }));
}
