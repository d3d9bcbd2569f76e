import { Tag } from "antd";
import type { WhatsAppState } from "@/types/api";

const stateLook: Record<WhatsAppState, { label: string; color: string }> = {
  none: { label: "Not linked", color: "default" },
  new: { label: "Not connected", color: "default" },
  qr: { label: "Waiting for scan", color: "processing" },
  connected: { label: "Connected", color: "success" },
  disconnected: { label: "Disconnected", color: "warning" },
  logged_out: { label: "Logged out", color: "warning" },
  error: { label: "Error", color: "error" },
};

export function WhatsAppStateTag({ state }: { state: WhatsAppState }) {
  const look = stateLook[state] ?? stateLook.error;
  return (
    <Tag color={look.color} variant="outlined" style={{ marginInlineEnd: 0 }}>
      {look.label}
    </Tag>
  );
}
