import { Flex, type TableColumnsType, Tooltip, Typography } from "antd";
import { DataTable } from "@/components/data-table";
import { WhatsAppStateTag } from "@/components/whatsapp-state-tag";
import { formatDateTime, formatPhone, formatRelative } from "@/lib/format";
import { type TeamNumber, useTeamNumbers } from "../api/team-numbers";

type TeamNumberRow = TeamNumber & { id: number };

const none = <Typography.Text type="secondary">—</Typography.Text>;

const columns: TableColumnsType<TeamNumberRow> = [
  {
    title: "Team member",
    key: "user",
    render: (_, row) => (
      <Flex vertical>
        <Typography.Text strong>{row.fullName}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          @{row.username}
        </Typography.Text>
      </Flex>
    ),
  },
  {
    title: "State",
    key: "state",
    render: (_, row) => (
      <Tooltip title={row.stateDetail}>
        <span>
          <WhatsAppStateTag state={row.state} />
        </span>
      </Tooltip>
    ),
  },
  {
    title: "Number",
    dataIndex: "phoneE164",
    render: (phone: string | null) =>
      phone ? <span style={{ whiteSpace: "nowrap" }}>{formatPhone(phone)}</span> : none,
  },
  {
    title: "Connected since",
    dataIndex: "connectedAt",
    render: (connectedAt: string | null, row) =>
      connectedAt && row.state === "connected" ? (
        <Tooltip title={formatDateTime(connectedAt)}>{formatRelative(connectedAt)}</Tooltip>
      ) : (
        none
      ),
  },
];

/** For admins: every staff member's number and whether it is online. States only, never messages. */
export function TeamNumbersTable() {
  const teamNumbers = useTeamNumbers();
  return (
    <DataTable<TeamNumberRow>
      columns={columns}
      dataSource={teamNumbers.data?.map((row) => ({ ...row, id: row.userId }))}
      loading={teamNumbers.isPending}
      error={teamNumbers.error}
      onRetry={() => teamNumbers.refetch()}
      pagination={false}
    />
  );
}
