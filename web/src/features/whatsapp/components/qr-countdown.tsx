import { ClockCircleOutlined, LoadingOutlined } from "@ant-design/icons";
import { Typography } from "antd";
import { useEffect, useState } from "react";

function secondsUntil(iso: string): number {
  return Math.max(0, Math.ceil((new Date(iso).getTime() - Date.now()) / 1000));
}

/**
 * How long the code on screen stays valid. At zero WhatsApp is about to show the next one (the
 * page refreshes when it arrives), so this says "waiting", not "expired".
 */
export function QrCountdown({ expiresAt }: { expiresAt: string }) {
  const [secondsLeft, setSecondsLeft] = useState(() => secondsUntil(expiresAt));

  useEffect(() => {
    setSecondsLeft(secondsUntil(expiresAt));
    const timer = window.setInterval(() => setSecondsLeft(secondsUntil(expiresAt)), 1000);
    return () => window.clearInterval(timer);
  }, [expiresAt]);

  if (secondsLeft === 0)
    return (
      <Typography.Text type="secondary" role="status">
        <LoadingOutlined /> Waiting for a new code…
      </Typography.Text>
    );
  const minutes = Math.floor(secondsLeft / 60);
  const seconds = String(secondsLeft % 60).padStart(2, "0");
  return (
    <Typography.Text type="secondary">
      <ClockCircleOutlined /> New code in{" "}
      <time dateTime={`PT${secondsLeft}S`} style={{ fontVariantNumeric: "tabular-nums" }}>
        {minutes}:{seconds}
      </time>
    </Typography.Text>
  );
}
