import { App, Form, Modal, Typography } from "antd";
import { useState } from "react";
import { errorMessage } from "@/lib/api-client";
import { formatPhone } from "@/lib/format";
import { useLinkWhatsAppContact, type WhatsAppContact } from "../api/whatsapp-contacts";
import { ContactSelect } from "./contact-select";

type LinkContactModalProps = { contact: WhatsAppContact; onClose: () => void };

/** Link…: ties a WhatsApp contact to a card of the contact book chosen by hand. */
export function LinkContactModal({ contact, onClose }: LinkContactModalProps) {
  const { message } = App.useApp();
  const link = useLinkWhatsAppContact();
  const [contactRefId, setContactRefId] = useState<number | undefined>(contact.contactRefId ?? undefined);
  const who = contact.name ?? (contact.phoneE164 ? formatPhone(contact.phoneE164) : "this contact");

  const submit = async () => {
    if (contactRefId === undefined) return;
    try {
      await link.mutateAsync({ id: contact.id, contactRefId });
      message.success(`${who} linked`);
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open
      title={`Link ${who} to a contact`}
      okText="Link"
      okButtonProps={{ disabled: contactRefId === undefined }}
      confirmLoading={link.isPending}
      onOk={submit}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">
        Chats with this WhatsApp contact will show the card's name and tag. Parley keeps a link made by hand.
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label="Contact" htmlFor="link-contact-select">
          <ContactSelect id="link-contact-select" value={contactRefId} onChange={setContactRefId} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
