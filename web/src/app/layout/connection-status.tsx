import { SyncOutlined } from "@ant-design/icons";
import { Tooltip, Typography } from "antd";
import { useRealtimeStatus } from "@/lib/realtime-provider";

/** Says so in the header while live updates are paused; nothing while all is well. */
export function ConnectionStatus({ compact }: { compact: boolean }) {
  const status = useRealtimeStatus();
  if (status !== "reconnecting") return null;
  return (
    <Tooltip title="Live updates are paused. Parley reconnects by itself and then catches up.">
      <Typography.Text
        type="warning"
        role="status"
        aria-label="Reconnecting"
        style={{ whiteSpace: "nowrap" }}
      >
        <SyncOutlined spin /> {compact ? null : "Reconnecting…"}
      </Typography.Text>
    </Tooltip>
  );
}
