import { HistoryOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Button, Flex, Typography } from "antd";
import { useEffect, useState } from "react";
import { errorMessage } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { useFetchOlder } from "../api/older";

/** How long (ms) to keep looking for the phone's answer, and how often. */
const WAIT_FOR_PHONE_MS = 15_000;
const POLL_MS = 2_000;

/** The top of a chat whose stored messages are all shown: offers to fetch older ones. */
export function OlderFromPhone({ chatId }: { chatId: number }) {
  const queryClient = useQueryClient();
  const fetchOlder = useFetchOlder(chatId);
  const [waiting, setWaiting] = useState(false);

  // The phone answers through the history sync, seconds later: look again for a while.
  useEffect(() => {
    if (!waiting) return;
    const poll = setInterval(
      () => queryClient.invalidateQueries({ queryKey: queryKeys.chats.messages(chatId) }),
      POLL_MS,
    );
    const stop = setTimeout(() => setWaiting(false), WAIT_FOR_PHONE_MS);
    return () => {
      clearInterval(poll);
      clearTimeout(stop);
    };
  }, [waiting, chatId, queryClient]);

  const ask = () => fetchOlder.mutate(undefined, { onSuccess: (result) => setWaiting(result.askedPhone) });

  return (
    <Flex vertical align="center" gap={4} style={{ padding: "8px 0" }}>
      <Button size="small" icon={<HistoryOutlined />} loading={fetchOlder.isPending || waiting} onClick={ask}>
        Load older messages from your phone
      </Button>
      {fetchOlder.isError && (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {errorMessage(fetchOlder.error)}
        </Typography.Text>
      )}
      {waiting && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          Asked your phone; older messages appear here as they arrive.
        </Typography.Text>
      )}
    </Flex>
  );
}
