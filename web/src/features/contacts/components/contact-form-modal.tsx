import { Col, Form, Input, Row } from "antd";
import { FormModal } from "@/components/form-modal";
import { TagSelect } from "@/components/tag-select";
import { formRules } from "@/lib/form-rules";
import { type Contact, type ContactInput, useCreateContact, useUpdateContact } from "../api/contacts";
import { PhoneField } from "./phone-field";

type ContactFormValues = {
  name: string;
  company?: string;
  email?: string;
  phone?: string;
  tagId?: number;
  notes?: string;
};

type ContactFormModalProps = {
  /** The contact to edit; without one the form adds a new contact. */
  contact?: Contact;
  onClose: () => void;
};

/** Blank optional fields are sent as null: "no company", not "keep the old one". */
function toInput(values: ContactFormValues): ContactInput {
  const text = (value: string | undefined) => value?.trim() || null;
  return {
    name: values.name.trim(),
    company: text(values.company),
    email: text(values.email),
    phone: text(values.phone),
    tagId: values.tagId ?? null,
    notes: text(values.notes),
  };
}

export function ContactFormModal({ contact, onClose }: ContactFormModalProps) {
  const createContact = useCreateContact();
  const updateContact = useUpdateContact();

  const submit = (values: ContactFormValues) =>
    contact
      ? updateContact.mutateAsync({ id: contact.id, ...toInput(values) })
      : createContact.mutateAsync(toInput(values));

  return (
    <FormModal<ContactFormValues>
      name="contact"
      title={contact ? `Edit ${contact.name}` : "New contact"}
      okText={contact ? "Save" : "Add contact"}
      successMessage={contact ? "Contact updated" : "Contact added"}
      initialValues={
        contact && {
          name: contact.name,
          company: contact.company ?? undefined,
          email: contact.email ?? undefined,
          phone: contact.phone ?? undefined,
          tagId: contact.tagId ?? undefined,
          notes: contact.notes ?? undefined,
        }
      }
      fieldForErrorCode={{ duplicate_phone: "phone" }}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item
        label="Name"
        name="name"
        rules={[formRules.required("Enter the contact's name"), formRules.maxChars(160)]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item label="Company" name="company" rules={[formRules.maxChars(160)]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item label="Tag" name="tagId">
            <TagSelect />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <PhoneField exceptId={contact?.id} />
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item label="Email" name="email" rules={[formRules.email]}>
            <Input type="email" autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label="Notes" name="notes" rules={[formRules.maxChars(4000)]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
      </Form.Item>
    </FormModal>
  );
}
