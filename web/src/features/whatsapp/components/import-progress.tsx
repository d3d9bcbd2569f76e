import { Flex, Progress, Typography } from "antd";
import { formatCount } from "@/lib/format";
import type { WhatsAppAccount } from "../api/whatsapp-account";

/** Contacts and chat history coming in after linking; nothing while there is nothing to import. */
export function ImportProgress({ progress }: { progress: WhatsAppAccount["import"] }) {
  if (progress.state === "idle" && progress.total === 0) return null;
  const failed = progress.state === "failed" || progress.state === "error";
  const running = !failed && progress.state !== "done" && progress.state !== "idle";
  const percent = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
  return (
    <Flex vertical gap={4}>
      <Flex justify="space-between" gap={8} wrap>
        <Typography.Text strong>
          {failed ? "The import stopped" : running ? "Importing chats and contacts…" : "Import finished"}
        </Typography.Text>
        {progress.total > 0 && (
          <Typography.Text type="secondary">
            {formatCount(progress.done)} of {formatCount(progress.total)}
          </Typography.Text>
        )}
      </Flex>
      <Progress
        percent={running || failed ? percent : 100}
        status={failed ? "exception" : running ? "active" : "success"}
        aria-label="Import progress"
      />
      {running && (
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          Old messages come in quietly: no notifications, no unread badges.
        </Typography.Text>
      )}
    </Flex>
  );
}
