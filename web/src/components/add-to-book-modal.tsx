import { Alert, Button, Col, Form, Input, Row } from "antd";
import { useState } from "react";
import { FormModal } from "@/components/form-modal";
import { TagSelect } from "@/components/tag-select";
import { type AddToBookInput, useAddToBook } from "@/lib/add-to-book";
import { isApiError } from "@/lib/api-client";
import { formRules } from "@/lib/form-rules";
import { formatPhone } from "@/lib/format";

type AddToBookValues = { name: string; company?: string; email?: string; tagId?: number; notes?: string };

/** What the modal needs of a WhatsApp contact (the contacts table and a chat both have it). */
export type AddToBookContact = {
  id: number;
  name: string | null;
  fullName: string | null;
  businessName: string | null;
  phoneE164: string | null;
};

type AddToBookModalProps = {
  contact: AddToBookContact;
  onClose: () => void;
  /** Shows a card of the contact book (the one that already has this number). */
  onShowCard: (card: { id: number; name?: string }) => void;
};

/** Why the server would not add the contact, when the answer is worth more than a toast. */
type Conflict = { message: string; card?: { id: number; name?: string } };

function conflictOf(error: unknown): Conflict | null {
  if (!isApiError(error)) return null;
  const contactId = typeof error.details?.contactId === "number" ? error.details.contactId : undefined;
  const name = typeof error.details?.name === "string" ? error.details.name : undefined;
  if (error.code === "duplicate_phone" && contactId)
    return {
      message: `Already in the contact book as ${name ?? "another contact"}`,
      card: { id: contactId, name },
    };
  if (error.code === "already_linked" && contactId)
    return { message: "Already in the contact book", card: { id: contactId, name } };
  if (error.code === "phone_unknown")
    return {
      message:
        "WhatsApp hasn't told us this contact's phone number yet (it only shares an anonymous id). Try again after they message you.",
    };
  return null;
}

/** The + button: puts a WhatsApp contact in the organisation's contact book, linked to it. */
export function AddToBookModal({ contact, onClose, onShowCard }: AddToBookModalProps) {
  const addToBook = useAddToBook();
  const [conflict, setConflict] = useState<Conflict | null>(null);

  const submit = (values: AddToBookValues) => {
    setConflict(null);
    const text = (value: string | undefined) => value?.trim() || null;
    const input: AddToBookInput = {
      name: values.name.trim(),
      company: text(values.company),
      email: text(values.email),
      tagId: values.tagId ?? null,
      notes: text(values.notes),
    };
    return addToBook.mutateAsync({ id: contact.id, ...input });
  };

  const card = conflict?.card;
  return (
    <FormModal<AddToBookValues>
      name="add-to-book"
      title="Add to the contact book"
      okText="Add contact"
      successMessage={`${contact.name ?? "Contact"} added to the contact book`}
      initialValues={{
        name: contact.fullName ?? contact.name ?? "",
        company: contact.businessName ?? undefined,
      }}
      onSubmit={submit}
      onError={(error) => {
        const found = conflictOf(error);
        setConflict(found);
        return found !== null;
      }}
      onClose={onClose}
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title={conflict.message}
          style={{ marginBottom: 16 }}
          action={
            card && (
              <Button size="small" onClick={() => onShowCard(card)}>
                Show the card
              </Button>
            )
          }
        />
      )}
      <Form.Item
        label="Name"
        name="name"
        rules={[formRules.required("Enter the contact's name"), formRules.maxChars(160)]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      {/* Not a form field (the server takes WhatsApp's number); `required` only drops the "optional" mark. */}
      <Form.Item label="Phone" required extra="From WhatsApp; it can't be changed here.">
        <Input
          readOnly
          aria-label="Phone"
          value={contact.phoneE164 ? formatPhone(contact.phoneE164) : "Not known yet"}
          variant="filled"
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item label="Tag" name="tagId">
            <TagSelect />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item label="Company" name="company" rules={[formRules.maxChars(160)]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label="Email" name="email" rules={[formRules.email]}>
        <Input type="email" autoComplete="off" />
      </Form.Item>
      <Form.Item label="Notes" name="notes" rules={[formRules.maxChars(4000)]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
    </FormModal>
  );
}
