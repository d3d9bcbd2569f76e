import { PlusOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useState } from "react";
import { PageHeader } from "@/components/page-header";
import { useRunWithFeedback } from "@/hooks/use-run-with-feedback";
import { useCurrentUser } from "@/lib/auth";
import { type User, useUpdateUser, useUsers } from "../api/users";
import { ResetPasswordModal } from "../components/reset-password-modal";
import { UserFormModal } from "../components/user-form-modal";
import { UsersTable } from "../components/users-table";

/** Which dialog is open: a new user, editing one, or resetting one's password. */
type Dialog =
  | { kind: "create" }
  | { kind: "edit"; user: User }
  | { kind: "reset-password"; user: User }
  | null;

export default function UsersRoute() {
  const me = useCurrentUser();
  const users = useUsers();
  const updateUser = useUpdateUser();
  const runWithFeedback = useRunWithFeedback();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  const setDisabled = (user: User, disabled: boolean) =>
    runWithFeedback(
      () => updateUser.mutateAsync({ id: user.id, disabled }),
      disabled ? `${user.username} is disabled` : `${user.username} can sign in again`,
    );

  return (
    <>
      <PageHeader
        description="Staff who can sign in to Parley. Admins also manage users and tags."
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: "create" })}>
            New user
          </Button>
        }
      />
      <UsersTable
        users={users.data}
        loading={users.isPending}
        error={users.error}
        onRetry={() => users.refetch()}
        currentUserId={me.id}
        onEdit={(user) => setDialog({ kind: "edit", user })}
        onResetPassword={(user) => setDialog({ kind: "reset-password", user })}
        onSetDisabled={setDisabled}
      />
      {dialog?.kind === "create" && <UserFormModal onClose={close} />}
      {dialog?.kind === "edit" && (
        <UserFormModal user={dialog.user} isSelf={dialog.user.id === me.id} onClose={close} />
      )}
      {dialog?.kind === "reset-password" && <ResetPasswordModal user={dialog.user} onClose={close} />}
    </>
  );
}
