import { Button, Flex, Form, Input, Typography, theme } from "antd";
import { isApiError } from "@/lib/api-client";
import { formRules } from "@/lib/form-rules";
import { usePairingCode } from "../api/whatsapp-account";
import { WhatsAppErrorAlert } from "./whatsapp-error-alert";

type PairingCodeValues = { phone: string };

/** WhatsApp shows codes as two groups of four; make sure ours does too. */
function groupCode(code: string): string {
  return /^[A-Z0-9]{8}$/i.test(code) ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

/** Asks for the number, then shows the code to type on the phone, big and copyable. */
export function PairingCodeForm() {
  const { token } = theme.useToken();
  const [form] = Form.useForm<PairingCodeValues>();
  const pairingCode = usePairingCode();

  const submit = ({ phone }: PairingCodeValues) =>
    pairingCode.mutate(phone, {
      onError: (error) => {
        if (isApiError(error) && error.status === 400)
          form.setFields([
            { name: "phone", errors: ["Enter the number with its country code, e.g. +55 11 91234-5678"] },
          ]);
      },
    });

  if (pairingCode.data)
    return (
      <Flex vertical align="center" gap={8} style={{ textAlign: "center" }}>
        <Typography.Text type="secondary">Your linking code</Typography.Text>
        <Typography.Text
          copyable={{ text: pairingCode.data, tooltips: ["Copy code", "Copied"] }}
          aria-label="Linking code"
          style={{
            fontFamily: token.fontFamilyCode,
            fontSize: 34,
            fontWeight: 600,
            letterSpacing: 4,
            whiteSpace: "nowrap",
          }}
        >
          {groupCode(pairingCode.data)}
        </Typography.Text>
        <Typography.Text type="secondary">
          Type it on your phone; this page updates once it's linked.
        </Typography.Text>
        <Button type="link" onClick={() => pairingCode.reset()}>
          Use a different number
        </Button>
      </Flex>
    );

  return (
    <Form<PairingCodeValues>
      form={form}
      name="pairing-code"
      layout="vertical"
      onFinish={submit}
      requiredMark={false}
    >
      <Form.Item
        name="phone"
        label="Your WhatsApp number"
        extra="With the country code. WhatsApp sends nothing to this number; the code appears here."
        rules={[formRules.required("Enter your WhatsApp number")]}
      >
        <Input type="tel" autoComplete="tel" inputMode="tel" placeholder="+55 11 91234-5678" size="large" />
      </Form.Item>
      {pairingCode.isError && !(isApiError(pairingCode.error) && pairingCode.error.status === 400) && (
        <div style={{ marginBottom: 16 }}>
          <WhatsAppErrorAlert error={pairingCode.error} />
        </div>
      )}
      <Button type="primary" htmlType="submit" loading={pairingCode.isPending} block>
        Get a linking code
      </Button>
    </Form>
  );
}
