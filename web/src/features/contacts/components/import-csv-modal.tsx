import { InboxOutlined } from "@ant-design/icons";
import {
  Alert,
  Tag as AntTag,
  App,
  Button,
  Checkbox,
  Flex,
  Modal,
  type TableColumnsType,
  Typography,
  Upload,
} from "antd";
import { useState } from "react";
import { DataTable } from "@/components/data-table";
import { errorMessage } from "@/lib/api-client";
import { useAuth } from "@/lib/auth";
import { formatCount } from "@/lib/format";
import { type ImportRow, useCommitImport, usePreviewImport } from "../api/contact-import";

const statusLook: Record<ImportRow["status"], { label: string; color: string }> = {
  create: { label: "New", color: "success" },
  duplicate: { label: "Already there", color: "warning" },
  error: { label: "Error", color: "error" },
};

type PreviewRow = ImportRow & { id: number };

const columns: TableColumnsType<PreviewRow> = [
  { title: "Line", dataIndex: "line", width: 64 },
  {
    title: "Status",
    dataIndex: "status",
    render: (status: ImportRow["status"]) => (
      <AntTag color={statusLook[status].color}>{statusLook[status].label}</AntTag>
    ),
  },
  { title: "Name", key: "name", render: (_, row) => row.contact.name || "—" },
  {
    title: "Phone",
    key: "phone",
    render: (_, row) => (
      <Flex vertical>
        <span>{row.contact.phone ?? "—"}</span>
        {row.contact.phoneE164 && row.contact.phoneE164 !== row.contact.phone && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.contact.phoneE164}
          </Typography.Text>
        )}
      </Flex>
    ),
  },
  { title: "Tag", key: "tag", render: (_, row) => row.contact.tag ?? "—" },
  {
    title: "Problems",
    key: "errors",
    render: (_, row) =>
      row.errors.length > 0 ? (
        <Typography.Text type={row.status === "error" ? "danger" : "warning"}>
          {row.errors.join("; ")}
        </Typography.Text>
      ) : null,
  },
];

/**
 * Import CSV: pick a file, see what each row would become (nothing is written yet), then add the
 * new ones. Duplicates (same number in the book or earlier in the file) and broken rows are skipped.
 */
export function ImportCsvModal({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const { isAdmin } = useAuth();
  const [file, setFile] = useState<File | null>(null);
  const [createTags, setCreateTags] = useState(false);
  const preview = usePreviewImport();
  const commit = useCommitImport();

  const check = (next: File, withTags: boolean) => {
    setFile(next);
    setCreateTags(withTags);
    preview.mutate({ file: next, createTags: withTags });
  };

  const importRows = async () => {
    if (!file) return;
    try {
      const result = await commit.mutateAsync({ file, createTags });
      message.success(`${formatCount(result.inserted)} contacts imported`);
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  const counts = preview.data?.counts;
  const toCreate = counts?.create ?? 0;

  return (
    <Modal
      open
      title="Import contacts from a CSV file"
      width={960}
      onCancel={onClose}
      footer={
        <Flex justify="flex-end" gap={8} wrap>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="primary"
            disabled={!preview.isSuccess || toCreate === 0}
            loading={commit.isPending}
            onClick={importRows}
          >
            {`Import ${formatCount(toCreate)} contact${toCreate === 1 ? "" : "s"}`}
          </Button>
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <Upload.Dragger
          accept=".csv,text/csv"
          maxCount={1}
          showUploadList={false}
          // The file is read by our own request (dry run first), never uploaded by the widget.
          beforeUpload={(picked) => {
            check(picked, createTags);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{file ? file.name : "Click or drop a CSV file here"}</p>
          <p className="ant-upload-hint">
            The first line names the columns: name (required), phone, email, company, tag, notes. Up to 5 MB.
          </p>
        </Upload.Dragger>

        {preview.isError && <Alert type="error" showIcon title={errorMessage(preview.error)} />}

        {preview.data && counts && (
          <>
            <Flex gap={8} wrap align="center" role="status">
              <Typography.Text strong>{formatCount(counts.total)} rows:</Typography.Text>
              <AntTag color="success">{formatCount(counts.create)} new</AntTag>
              <AntTag color="warning">{formatCount(counts.duplicate)} already in the book</AntTag>
              <AntTag color="error">{formatCount(counts.error)} with errors</AntTag>
            </Flex>
            {preview.data.unknownTags.length > 0 && (
              <Alert
                type="warning"
                showIcon
                title={`Tags the contact book doesn't have: ${preview.data.unknownTags.join(", ")}`}
                description={
                  isAdmin ? (
                    <Checkbox
                      checked={createTags}
                      onChange={(event) => file && check(file, event.target.checked)}
                    >
                      Create these tags on import
                    </Checkbox>
                  ) : (
                    "Those rows are skipped. Ask an admin to create the tags, or fix the file."
                  )
                }
              />
            )}
            <DataTable<PreviewRow>
              columns={columns}
              dataSource={preview.data.rows.map((row) => ({ ...row, id: row.line }))}
              loading={preview.isPending}
              size="small"
              pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
            />
          </>
        )}
      </Flex>
    </Modal>
  );
}
