import { Card, Empty, Timeline, Tooltip, Typography } from "antd";
import { formatDateTime, formatRelative } from "@/lib/format";
import type { ActivityEntry } from "../api/dashboard";

type RecentActivityProps = {
  entries: ActivityEntry[] | undefined;
  loading: boolean;
};

/** "alice signed in": the server's summaries are written to follow the actor's name. */
function ActivityLine({ entry }: { entry: ActivityEntry }) {
  return (
    <>
      <Typography.Text>
        {entry.username ? (
          <>
            <Typography.Text strong>{entry.username}</Typography.Text> {entry.summary}
          </>
        ) : (
          entry.summary
        )}
      </Typography.Text>
      <br />
      <Tooltip title={formatDateTime(entry.createdAt)}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <time dateTime={entry.createdAt}>{formatRelative(entry.createdAt)}</time>
        </Typography.Text>
      </Tooltip>
    </>
  );
}

export function RecentActivity({ entries, loading }: RecentActivityProps) {
  return (
    <Card title="Recent activity" loading={loading}>
      {entries?.length ? (
        <Timeline
          items={entries.map((entry) => ({ key: entry.id, content: <ActivityLine entry={entry} /> }))}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Nothing has happened yet" />
      )}
    </Card>
  );
}
