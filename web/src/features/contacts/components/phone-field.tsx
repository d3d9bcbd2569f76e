import { Form, Input } from "antd";
import { useDebouncedValue } from "@/hooks/use-debounced-value";
import { formRules } from "@/lib/form-rules";
import { usePhoneCheck } from "../api/contacts";

/** What to say under the phone while it is typed; `undefined` leaves the field's own rules to speak. */
function feedback(
  typed: string,
  checked: string,
  check: ReturnType<typeof usePhoneCheck>,
): { validateStatus: "validating" | "error" | "warning" | "success"; help: string } | undefined {
  if (typed === "" || !check.isEnabled) return undefined;
  if (typed !== checked || check.isFetching)
    return { validateStatus: "validating", help: "Checking the number…" };
  const result = check.data;
  if (!result) return undefined;
  if (!result.valid)
    return {
      validateStatus: "error",
      help: "Not a valid phone number. Numbers abroad need their country code.",
    };
  if (result.duplicate)
    return { validateStatus: "warning", help: `Already used by ${result.duplicate.name}` };
  return result.e164 ? { validateStatus: "success", help: `Saved as ${result.e164}` } : undefined;
}

/**
 * The contact's phone, checked with the server's rules as it is typed (300 ms after the last key):
 * the E.164 it will be saved as, or why it can't be.
 */
export function PhoneField({ exceptId }: { exceptId: number | undefined }) {
  const form = Form.useFormInstance();
  const typed = ((Form.useWatch("phone", form) as string | undefined) ?? "").trim();
  const checked = useDebouncedValue(typed, 300);
  const check = usePhoneCheck(checked, exceptId);
  const status = feedback(typed, checked, check);
  return (
    <Form.Item
      label="Phone"
      name="phone"
      hasFeedback={status !== undefined}
      validateStatus={status?.validateStatus}
      help={status?.help}
      extra={status ? undefined : "With the country code for numbers abroad."}
      rules={[formRules.maxChars(64)]}
    >
      <Input type="tel" autoComplete="off" />
    </Form.Item>
  );
}
