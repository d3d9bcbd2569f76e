import { Select, type SelectProps } from "antd";
import { useState } from "react";
import { useDebouncedValue } from "@/hooks/use-debounced-value";
import { formatPhone } from "@/lib/format";
import { useContacts } from "../api/contacts";

type ContactSelectProps = Omit<SelectProps<number>, "options" | "loading" | "showSearch">;

/** Picks a card of the contact book, searched on the server (name, company, phone or email). */
export function ContactSelect(props: ContactSelectProps) {
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim(), 300);
  const contacts = useContacts({ q, tagId: undefined, page: 1, pageSize: 20, sort: "name" });
  return (
    <Select<number>
      placeholder="Search the contact book"
      notFoundContent={contacts.isFetching ? "Searching…" : "No contact matches"}
      {...props}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={contacts.isFetching}
      options={contacts.data?.items.map((contact) => ({
        value: contact.id,
        label: contact.phoneE164 ? `${contact.name} · ${formatPhone(contact.phoneE164)}` : contact.name,
      }))}
    />
  );
}
