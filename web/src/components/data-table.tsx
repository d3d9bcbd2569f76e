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
