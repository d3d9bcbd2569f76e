import { ReloadOutlined } from "@ant-design/icons";
import { Alert, Button } from "antd";
import { errorMessage, isApiError } from "@/lib/api-client";

type WhatsAppErrorAlertProps = {
  error: unknown;
  onClose?: () => void;
  onRetry?: () => void;
};

/** Why loading or an action failed; WhatsApp's service being down is a state to wait out, not a crash. */
export function WhatsAppErrorAlert({ error, onClose, onRetry }: WhatsAppErrorAlertProps) {
  const unavailable = isApiError(error, "whatsapp_unavailable");
  return (
    <Alert
      type={unavailable ? "warning" : "error"}
      showIcon
      title={unavailable ? "WhatsApp service unavailable — try again shortly" : errorMessage(error)}
      description={unavailable ? "Parley can't reach the WhatsApp connection service right now." : undefined}
      action={
        onRetry && (
          <Button size="small" icon={<ReloadOutlined />} onClick={onRetry}>
            Try again
          </Button>
        )
      }
      closable={onClose ? { onClose } : false}
    />
  );
}
