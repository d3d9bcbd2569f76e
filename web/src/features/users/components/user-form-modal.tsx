import { Form, Input, Radio } from "antd";
import type { Rule } from "antd/es/form";
import { FormModal } from "@/components/form-modal";
import { formRules } from "@/lib/form-rules";
import type { Role } from "@/types/api";
import { type User, useCreateUser, useUpdateUser } from "../api/users";

/** Mirrors the server's rule, so most mistakes are caught before a round trip. */
export const passwordRules: Rule[] = [
  { required: true, message: "Enter a password" },
  { min: 10, message: "Use at least 10 characters" },
  formRules.maxChars(256),
];

const roleOptions = [
  { value: "agent", label: "Agent" },
  { value: "admin", label: "Admin" },
];

type UserFormValues = {
  username: string;
  fullName: string;
  email?: string;
  role: Role;
  password: string;
};

type UserFormModalProps = {
  /** The user to edit; without one the form creates a new user. */
  user?: User;
  /** Editing yourself: your own role is locked, so an admin can't lock themselves out. */
  isSelf?: boolean;
  onClose: () => void;
};

export function UserFormModal({ user, isSelf = false, onClose }: UserFormModalProps) {
  const createUser = useCreateUser();
  const updateUser = useUpdateUser();

  const submit = ({ username, fullName, email, role, password }: UserFormValues) => {
    const trimmedEmail = email?.trim() || undefined;
    if (user) {
      return updateUser.mutateAsync({ id: user.id, fullName, email: trimmedEmail ?? null, role });
    }
    return createUser.mutateAsync({ username, fullName, email: trimmedEmail, role, password });
  };

  return (
    <FormModal<UserFormValues>
      name="user"
      title={user ? `Edit ${user.username}` : "New user"}
      okText={user ? "Save" : "Create user"}
      successMessage={user ? "User updated" : "User created"}
      initialValues={
        user ? { fullName: user.fullName, email: user.email ?? "", role: user.role } : { role: "agent" }
      }
      fieldForErrorCode={{ username_taken: "username" }}
      onSubmit={submit}
      onClose={onClose}
    >
      {!user && (
        <Form.Item
          label="Username"
          name="username"
          extra="Lowercase letters, digits, dots, dashes and underscores."
          rules={[
            { required: true, message: "Enter a username" },
            { min: 3, max: 64, message: "Use 3 to 64 characters" },
            { pattern: /^[a-z0-9._-]+$/, message: "Only a-z, 0-9, dots, dashes and underscores" },
          ]}
        >
          <Input autoComplete="off" autoCapitalize="none" />
        </Form.Item>
      )}
      <Form.Item
        label="Full name"
        name="fullName"
        rules={[formRules.required("Enter the person's name"), formRules.maxChars(120)]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item label="Email" name="email" rules={[formRules.email]}>
        <Input type="email" autoComplete="off" />
      </Form.Item>
      <Form.Item
        label="Role"
        name="role"
        rules={[{ required: true }]}
        extra={isSelf ? "You can't change your own role." : "Admins also manage users and tags."}
      >
        <Radio.Group options={roleOptions} optionType="button" buttonStyle="solid" disabled={isSelf} />
      </Form.Item>
      {!user && (
        <Form.Item label="Password" name="password" rules={passwordRules} extra="At least 10 characters.">
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
    </FormModal>
  );
}
