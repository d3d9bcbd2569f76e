import { Form, Input, Typography } from "antd";
import { FormModal } from "@/components/form-modal";
import { type User, useUpdateUser } from "../api/users";
import { passwordRules } from "./user-form-modal";

type ResetPasswordModalProps = {
  user: User;
  onClose: () => void;
};

export function ResetPasswordModal({ user, onClose }: ResetPasswordModalProps) {
  const updateUser = useUpdateUser();
  return (
    <FormModal<{ password: string }>
      name="reset-password"
      title={`Reset password for ${user.username}`}
      okText="Set password"
      successMessage="Password changed"
      onSubmit={({ password }) => updateUser.mutateAsync({ id: user.id, password })}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">
        Give {user.fullName} the new password in person; they use it from their next sign-in.
      </Typography.Paragraph>
      <Form.Item label="New password" name="password" rules={passwordRules} extra="At least 10 characters.">
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
}
