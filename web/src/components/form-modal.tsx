import { App, Form, Modal } from "antd";
import { type ReactNode, useState } from "react";
import { errorMessage, isApiError } from "@/lib/api-client";

type FormModalProps<Values> = {
  /** Form name: prefixes the field ids, so labels stay tied to their inputs. */
  name: string;
  title: ReactNode;
  okText: string;
  /** A toast on success; none when what follows (e.g. a new page) shows it worked. */
  successMessage?: string;
  initialValues?: Partial<Values>;
  onClose: () => void;
  onSubmit: (values: Values) => Promise<unknown>;
  /** Server error codes that are about one field, e.g. `{ username_taken: "username" }`. */
  fieldForErrorCode?: Record<string, keyof Values & string>;
  /** For errors that need more than a toast (e.g. a link to the card that is in the way): true if handled. */
  onError?: (error: unknown) => boolean;
  children: ReactNode;
};

type FieldError = { name: string; errors: string[] };

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Where a server error belongs in the form: a known code's field, or the fields a 400 names. */
function fieldErrorsOf(error: unknown, fieldForErrorCode: Record<string, string>): FieldError[] {
  if (!isApiError(error)) return [];
  const field = fieldForErrorCode[error.code];
  if (field) return [{ name: field, errors: [error.message] }];
  // A check past the schema names its field once: "phone: not a valid phone number".
  const named = error.code === "validation_failed" ? error.details?.field : undefined;
  if (typeof named === "string")
    return [{ name: named, errors: [capitalise(error.message.replace(`${named}: `, ""))] }];
  const issues = error.code === "validation_failed" ? error.details?.issues : undefined;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((issue: { field?: unknown; message?: unknown }) =>
    typeof issue.field === "string" && typeof issue.message === "string"
      ? [{ name: issue.field, errors: [capitalise(issue.message)] }]
      : [],
  );
}

/**
 * The one create/edit dialog pattern: a vertical form in a modal that submits on Enter,
 * shows the server's complaint under the field it concerns, and closes on success.
 * Render it only while it should be open, so every opening starts from `initialValues`.
 */
export function FormModal<Values extends object>({
  name,
  title,
  okText,
  successMessage,
  initialValues,
  onClose,
  onSubmit,
  fieldForErrorCode = {},
  onError,
  children,
}: FormModalProps<Values>) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: Values) => {
    setSubmitting(true);
    try {
      await onSubmit(values);
      if (successMessage) message.success(successMessage);
      onClose();
    } catch (error) {
      const formFields = new Set(form.getFieldsError().map((field) => field.name.join(".")));
      const placeable = fieldErrorsOf(error, fieldForErrorCode).filter((field) => formFields.has(field.name));
      if (placeable.length > 0) form.setFields(placeable as never);
      else if (!onError?.(error)) message.error(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      okText={okText}
      onCancel={onClose}
      confirmLoading={submitting}
      okButtonProps={{ htmlType: "submit" }}
      modalRender={(dialog) => (
        <Form<Values>
          form={form}
          name={name}
          layout="vertical"
          requiredMark="optional"
          initialValues={initialValues}
          onFinish={submit}
        >
          {dialog}
        </Form>
      )}
    >
      {children}
    </Modal>
  );
}
