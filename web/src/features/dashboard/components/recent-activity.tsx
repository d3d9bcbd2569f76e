import { Card, Empty, Timeline, Tooltip, Typography } from "antd";
import { formatDateTime, formatRelative } from "@/lib/format";
import type { ActivityEntry } from "../api/dashboard";

type RecentActivityProps = {
  entries: ActivityEntry[] | undefined;
  loading: boolean;
};

export function RecentActivity({ entries, loading }: RecentActivityProps) {
  return (
    <Card title="Recent activity" loading={loading}>
      {entries?.length ? (
        <Timeline
          items={entries.map((entry) => ({
            key: entry.id,
            title: <Typography.Text>{entry.summary}</Typography.Text>,
            content: (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {entry.username ? `@${entry.username} · ` : ""}
                <Tooltip title={formatDateTime(entry.createdAt)}>
                  <time dateTime={entry.createdAt}>{formatRelative(entry.createdAt)}</time>
                </Tooltip>
              </Typography.Text>
            ),
          }))}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Nothing has happened yet" />
      )}
    </Card>
  );
}
