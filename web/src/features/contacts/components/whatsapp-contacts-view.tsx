import { SearchOutlined, SyncOutlined, WhatsAppOutlined } from "@ant-design/icons";
import { App, Button, Empty, Flex, Input, Select } from "antd";
import { useState } from "react";
import { AddToBookModal } from "@/components/add-to-book-modal";
import { LinkButton } from "@/components/link-button";
import { useDebouncedValue } from "@/hooks/use-debounced-value";
import { useRunWithFeedback } from "@/hooks/use-run-with-feedback";
import { errorMessage } from "@/lib/api-client";
import { useMyNumberState } from "@/lib/my-number";
import type { WhatsAppContactMatchFilter } from "@/lib/query-keys";
import { useTagsById } from "@/lib/tags";
import {
  useSyncWhatsAppContacts,
  useUnlinkWhatsAppContact,
  useWhatsAppContacts,
  type WhatsAppContact,
} from "../api/whatsapp-contacts";
import { LinkContactModal } from "./link-contact-modal";
import { WhatsAppContactsTable, whatsAppName } from "./whatsapp-contacts-table";

export const matchFilterOptions: { value: WhatsAppContactMatchFilter; label: string }[] = [
  { value: "all", label: "All contacts" },
  { value: "matched", label: "In the contact book" },
  { value: "variant", label: "Possible matches" },
  { value: "ambiguous", label: "Shared numbers" },
  { value: "unmatched", label: "Not in the contact book" },
  { value: "groups", label: "Groups" },
];

type WhatsAppContactsViewProps = {
  /** From the URL, e.g. a favourite opened from the list above. */
  initialSearch: string;
  match: WhatsAppContactMatchFilter;
  onMatchChange: (match: WhatsAppContactMatchFilter) => void;
  onShowCard: (card: { id: number; name?: string }) => void;
};

type Dialog = { kind: "add" | "link"; contact: WhatsAppContact } | null;

/** My own number's WhatsApp contacts and how each one matches the contact book. */
export function WhatsAppContactsView({
  initialSearch,
  match,
  onMatchChange,
  onShowCard,
}: WhatsAppContactsViewProps) {
  const { message } = App.useApp();
  const [search, setSearch] = useState(initialSearch);
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const [dialog, setDialog] = useState<Dialog>(null);
  const q = useDebouncedValue(search.trim(), 300);
  const contacts = useWhatsAppContacts({ q, match, ...paging });
  const numberState = useMyNumberState();
  const tagsById = useTagsById();
  const unlink = useUnlinkWhatsAppContact();
  const sync = useSyncWhatsAppContacts();
  const runWithFeedback = useRunWithFeedback();

  // A new search or filter starts again from the first page.
  const [lastFilter, setLastFilter] = useState({ q, match });
  if (lastFilter.q !== q || lastFilter.match !== match) {
    setLastFilter({ q, match });
    setPaging((current) => ({ ...current, page: 1 }));
  }

  const resync = () =>
    sync.mutate(undefined, {
      onSuccess: ({ ok }) =>
        ok
          ? message.info("Reading your phone's contacts again; the list updates when it's done.")
          : message.warning("Link your WhatsApp number first."),
      onError: (error) => message.error(errorMessage(error)),
    });

  const connected = numberState.data === "connected";
  const filtered = q !== "" || match !== "all";
  const emptyText =
    !filtered && numberState.isSuccess && !connected ? (
      <Empty
        image={<WhatsAppOutlined style={{ fontSize: 48, color: "#25d366" }} />}
        description="Link your WhatsApp number to see its contacts here, matched with the contact book."
      >
        <LinkButton type="primary" to="/whatsapp">
          Link my number
        </LinkButton>
      </Empty>
    ) : (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={filtered ? "No WhatsApp contact matches" : "No WhatsApp contacts yet"}
      />
    );

  return (
    <>
      <WhatsAppContactsTable
        data={contacts.data}
        page={paging.page}
        pageSize={paging.pageSize}
        tagsById={tagsById}
        loading={contacts.isFetching}
        error={contacts.error}
        onRetry={() => contacts.refetch()}
        onPageChange={(page, pageSize) => setPaging({ page, pageSize })}
        onAdd={(contact) => setDialog({ kind: "add", contact })}
        onLink={(contact) => setDialog({ kind: "link", contact })}
        onUnlink={(contact) =>
          runWithFeedback(() => unlink.mutateAsync(contact.id), `${whatsAppName(contact)} unlinked`)
        }
        emptyText={emptyText}
        toolbar={
          <Flex gap={12} wrap>
            <Input
              prefix={<SearchOutlined />}
              placeholder="Search name or number"
              aria-label="Search WhatsApp contacts"
              allowClear
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              style={{ flex: "1 1 240px", maxWidth: 380 }}
            />
            <Select<WhatsAppContactMatchFilter>
              aria-label="Show"
              value={match}
              onChange={onMatchChange}
              options={matchFilterOptions}
              style={{ flex: "0 1 220px", minWidth: 180 }}
            />
            <Button
              icon={<SyncOutlined spin={sync.isPending} />}
              onClick={resync}
              disabled={numberState.isSuccess && !connected}
              style={{ marginInlineStart: "auto" }}
            >
              Re-sync contacts
            </Button>
          </Flex>
        }
      />
      {dialog?.kind === "add" && (
        <AddToBookModal
          contact={dialog.contact}
          onClose={() => setDialog(null)}
          onShowCard={(card) => {
            setDialog(null);
            onShowCard(card);
          }}
        />
      )}
      {dialog?.kind === "link" && (
        <LinkContactModal contact={dialog.contact} onClose={() => setDialog(null)} />
      )}
    </>
  );
}
