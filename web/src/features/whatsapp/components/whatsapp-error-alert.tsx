import { Alert } from "antd";
import { errorMessage, isApiError } from "@/lib/api-client";

/** Why a WhatsApp action or load failed; WuzAPI being down is a state to wait out, not a crash. */
export function ActionErrorAlert({ error, onClose }: { error: unknown; onClose?: () => void }) {
  const unavailable = isApiError(error, "whatsapp_unavailable");
  return (
    <Alert
      type={unavailable ? "warning" : "error"}
      showIcon
      title={unavailable ? "WhatsApp service unavailable — try again shortly" : errorMessage(error)}
      description={
        unavailable
          ? "Parley can't reach the WhatsApp connection service right now. Nothing was changed."
          : undefined
      }
      closable={onClose ? { onClose } : false}
    />
  );
}
