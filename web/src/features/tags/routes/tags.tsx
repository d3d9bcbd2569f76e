import { PlusOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useState } from "react";
import { PageHeader } from "@/components/page-header";
import { useRunWithFeedback } from "@/hooks/use-run-with-feedback";
import { useAuth } from "@/lib/auth";
import { useTags } from "@/lib/tags";
import type { Tag } from "@/types/api";
import { useDeleteTag } from "../api/tags";
import { TagFormModal } from "../components/tag-form-modal";
import { TagsTable } from "../components/tags-table";

/** Which dialog is open: a new tag or editing one. */
type Dialog = { kind: "create" } | { kind: "edit"; tag: Tag } | null;

export default function TagsRoute() {
  const { isAdmin } = useAuth();
  const tags = useTags();
  const deleteTag = useDeleteTag();
  const runWithFeedback = useRunWithFeedback();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  const remove = (tag: Tag) =>
    runWithFeedback(() => deleteTag.mutateAsync(tag.id), `Tag “${tag.name}” deleted`);

  return (
    <>
      <PageHeader
        description={
          isAdmin
            ? "Tags label contacts across the organisation and follow them into every chat."
            : "Tags label contacts across the organisation. Only admins can change them."
        }
        extra={
          isAdmin && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: "create" })}>
              New tag
            </Button>
          )
        }
      />
      <TagsTable
        tags={tags.data}
        loading={tags.isPending}
        error={tags.error}
        onRetry={() => tags.refetch()}
        actions={
          isAdmin ? { onEdit: (tag) => setDialog({ kind: "edit", tag }), onDelete: remove } : undefined
        }
      />
      {dialog?.kind === "create" && <TagFormModal onClose={close} />}
      {dialog?.kind === "edit" && <TagFormModal tag={dialog.tag} onClose={close} />}
    </>
  );
}
