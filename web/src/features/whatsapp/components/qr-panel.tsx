import { ExperimentOutlined, MobileOutlined, QrcodeOutlined } from "@ant-design/icons";
import { Button, Col, Flex, Row, Spin, Tag, Typography, theme } from "antd";
import { useState } from "react";
import type { WhatsAppAccount } from "../api/whatsapp-account";
import { InstructionList } from "./instruction-list";
import { PairingCodeForm } from "./pairing-code-form";
import { QrCountdown } from "./qr-countdown";

type QrPanelProps = {
  qr: WhatsAppAccount["qr"];
  /** The built-in simulator is in use: offer to play the phone. */
  demo: boolean;
  demoScanning: boolean;
  onDemoScan: () => void;
};

const QR_SIZE = 232;

const openLinkedDevices = (
  <>
    Open <strong>WhatsApp</strong> on your phone and go to <strong>Settings</strong> (on Android: the{" "}
    <strong>⋮</strong> menu) → <strong>Linked devices</strong>
  </>
);

const qrSteps = [
  openLinkedDevices,
  <>
    Tap <strong>Link a device</strong>
  </>,
  "Point your phone at this code",
];

const pairingCodeSteps = [
  openLinkedDevices,
  <>
    Tap <strong>Link a device</strong>, then <strong>Link with phone number instead</strong>
  </>,
  "Enter the code shown here",
];

/** The code WhatsApp is showing right now; it changes as new codes arrive. */
function QrImage({ qr }: { qr: WhatsAppAccount["qr"] }) {
  const { token } = theme.useToken();
  return (
    <Flex vertical align="center" gap={12}>
      <Flex
        align="center"
        justify="center"
        style={{
          width: QR_SIZE + 16,
          maxWidth: "100%",
          aspectRatio: "1",
          padding: 8,
          background: "#fff",
          border: `1px solid ${token.colorBorderSecondary}`,
          borderRadius: token.borderRadiusLG,
          boxShadow: token.boxShadowTertiary,
        }}
      >
        {qr ? (
          <img
            src={qr.image}
            alt="WhatsApp linking QR code"
            width={QR_SIZE}
            height={QR_SIZE}
            style={{ display: "block", width: "100%", height: "auto", imageRendering: "pixelated" }}
          />
        ) : (
          <Flex vertical align="center" gap={12}>
            <Spin />
            <Typography.Text type="secondary">Getting a code…</Typography.Text>
          </Flex>
        )}
      </Flex>
      {qr?.expiresAt && <QrCountdown expiresAt={qr.expiresAt} />}
    </Flex>
  );
}

function DemoScan({ scanning, onScan }: { scanning: boolean; onScan: () => void }) {
  const { token } = theme.useToken();
  return (
    <Flex
      vertical
      align="center"
      gap={8}
      style={{
        width: "100%",
        padding: 12,
        textAlign: "center",
        border: `1px dashed ${token.colorBorder}`,
        borderRadius: token.borderRadiusLG,
        background: token.colorFillQuaternary,
      }}
    >
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        <Tag color="purple" variant="filled">
          Demo
        </Tag>
        No phone needed: the built-in simulator plays it.
      </Typography.Text>
      <Button icon={<ExperimentOutlined />} loading={scanning} onClick={onScan}>
        Simulate scan
      </Button>
    </Flex>
  );
}

/** Pairing in progress: scan the QR code, or ask for a code to type on the phone. */
export function QrPanel({ qr, demo, demoScanning, onDemoScan }: QrPanelProps) {
  const [method, setMethod] = useState<"qr" | "phone-code">("qr");
  const byQr = method === "qr";
  return (
    <Row gutter={[40, 24]} align="middle">
      <Col xs={24} md={13}>
        <Flex vertical gap={16} align="flex-start">
          <Typography.Title level={5} style={{ margin: 0 }}>
            {byQr ? "Scan the code with WhatsApp on your phone" : "Link with a code instead of scanning"}
          </Typography.Title>
          <InstructionList steps={byQr ? qrSteps : pairingCodeSteps} />
          <Button
            type="link"
            icon={byQr ? <MobileOutlined /> : <QrcodeOutlined />}
            onClick={() => setMethod(byQr ? "phone-code" : "qr")}
            style={{ paddingInline: 0 }}
          >
            {byQr ? "Use a phone number instead" : "Scan a QR code instead"}
          </Button>
        </Flex>
      </Col>
      <Col xs={24} md={11}>
        <Flex vertical align="center" gap={16} style={{ maxWidth: 320, marginInline: "auto" }}>
          {byQr ? <QrImage qr={qr} /> : <PairingCodeForm />}
          {demo && <DemoScan scanning={demoScanning} onScan={onDemoScan} />}
        </Flex>
      </Col>
    </Row>
  );
}
