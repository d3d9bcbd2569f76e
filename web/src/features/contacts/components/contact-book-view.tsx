import { PlusOutlined, SearchOutlined, UploadOutlined } from "@ant-design/icons";
import { Button, Empty, Flex, Input } from "antd";
import { useState } from "react";
import { TagSelect } from "@/components/tag-select";
import { useDebouncedValue } from "@/hooks/use-debounced-value";
import { useRunWithFeedback } from "@/hooks/use-run-with-feedback";
import { useTagsById } from "@/lib/tags";
import { type Contact, useContacts, useDeleteContact } from "../api/contacts";
import { ContactFormModal } from "./contact-form-modal";
import { type ContactSort, ContactsTable } from "./contacts-table";
import { ImportCsvModal } from "./import-csv-modal";

/** Which dialog is open: a new contact, editing one, or a CSV import. */
type Dialog = { kind: "create" } | { kind: "edit"; contact: Contact } | { kind: "import" } | null;

/** The organisation's contact book; `initialSearch` comes from the URL (e.g. "show the card"). */
export function ContactBookView({ initialSearch }: { initialSearch: string }) {
  const [search, setSearch] = useState(initialSearch);
  const [tagId, setTagId] = useState<number | undefined>();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [sort, setSort] = useState<ContactSort>({ field: "name", order: "ascend" });
  const [dialog, setDialog] = useState<Dialog>(null);
  const q = useDebouncedValue(search.trim(), 300);

  const contacts = useContacts({
    q,
    tagId,
    ...paging,
    sort: sort.order === "descend" ? `-${sort.field}` : sort.field,
  });
  const tagsById = useTagsById();
  const deleteContact = useDeleteContact();
  const runWithFeedback = useRunWithFeedback();
  const close = () => setDialog(null);

  // A new search or filter starts again from the first page.
  const [lastFilter, setLastFilter] = useState({ q, tagId });
  if (lastFilter.q !== q || lastFilter.tagId !== tagId) {
    setLastFilter({ q, tagId });
    setPaging((current) => ({ ...current, page: 1 }));
  }

  const filtered = q !== "" || tagId !== undefined;

  return (
    <>
      <ContactsTable
        data={contacts.data}
        page={paging.page}
        pageSize={paging.pageSize}
        tagsById={tagsById}
        loading={contacts.isFetching}
        error={contacts.error}
        onRetry={() => contacts.refetch()}
        sort={sort}
        onChange={(change) => {
          setPaging({ page: change.page, pageSize: change.pageSize });
          setSort(change.sort);
        }}
        onEdit={(contact) => setDialog({ kind: "edit", contact })}
        onDelete={(contact) =>
          runWithFeedback(() => deleteContact.mutateAsync(contact.id), `${contact.name} deleted`)
        }
        emptyText={
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={filtered ? "No contacts match your search" : "No contacts yet"}
          />
        }
        toolbar={
          <Flex gap={12} wrap>
            <Input
              prefix={<SearchOutlined />}
              placeholder="Search name, company, phone or email"
              aria-label="Search contacts"
              allowClear
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              style={{ flex: "1 1 260px", maxWidth: 420 }}
            />
            <TagSelect
              placeholder="All tags"
              aria-label="Filter by tag"
              value={tagId}
              onChange={(value) => setTagId(value ?? undefined)}
              style={{ flex: "0 1 220px", minWidth: 160 }}
            />
            <Flex gap={8} wrap style={{ marginInlineStart: "auto" }}>
              <Button icon={<UploadOutlined />} onClick={() => setDialog({ kind: "import" })}>
                Import CSV
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: "create" })}>
                New contact
              </Button>
            </Flex>
          </Flex>
        }
      />
      {dialog?.kind === "create" && <ContactFormModal onClose={close} />}
      {dialog?.kind === "edit" && <ContactFormModal contact={dialog.contact} onClose={close} />}
      {dialog?.kind === "import" && <ImportCsvModal onClose={close} />}
    </>
  );
}
