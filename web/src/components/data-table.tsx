import { Card, Table, type TableProps } from "antd";
import type { ReactNode } from "react";
import { ErrorState } from "./error-state";

type DataTableProps<Row> = Omit<TableProps<Row>, "rowKey"> & {
  /** Filters and search above the table. */
  toolbar?: ReactNode;
  error?: unknown;
  onRetry?: () => void;
};

/**
 * The one list pattern: a card holding an optional toolbar and a table that scrolls sideways
 * inside the card on narrow screens (the page itself never does). A failed first load shows
 * the error with a retry; a failed refresh keeps the rows already shown.
 */
export function DataTable<Row extends { id: number }>({
  toolbar,
  error,
  onRetry,
  ...tableProps
}: DataTableProps<Row>) {
  return (
    <Card styles={{ body: { padding: 0 } }}>
      {toolbar && <div style={{ padding: 16 }}>{toolbar}</div>}
      {error && !tableProps.dataSource ? (
        <ErrorState error={error} onRetry={onRetry} />
      ) : (
        <Table<Row> rowKey="id" size="middle" scroll={{ x: "max-content" }} {...tableProps} />
      )}
    </Card>
  );
}

/** A page of rows from the server; `totalIsCapped` means the server stopped counting at `total`. */
export type ServerPage = { total: number; totalIsCapped?: boolean };

/**
 * Pagination for a list the server pages: the page and size the user chose, and the total in
 * words ("1,234 contacts", or "10,000+ contacts" when the server capped its count).
 */
export function serverPagination(options: {
  data: ServerPage | undefined;
  page: number;
  pageSize: number;
  pageSizeOptions: number[];
  noun: string;
  onChange?: (page: number, pageSize: number) => void;
}): TableProps<never>["pagination"] {
  const capped = options.data?.totalIsCapped === true;
  return {
    current: options.page,
    pageSize: options.pageSize,
    total: options.data?.total,
    showSizeChanger: true,
    pageSizeOptions: options.pageSizeOptions,
    showTotal: (total) => `${total.toLocaleString()}${capped ? "+" : ""} ${options.noun}`,
    ...(options.onChange ? { onChange: options.onChange } : {}),
  };
}
