import { FormOutlined } from "@ant-design/icons";
import { Button, Form, Input, Tooltip } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { FormModal } from "@/components/form-modal";
import { formRules } from "@/lib/form-rules";
import { useStartChat } from "../api/chats";

/** Opens the chat with any WhatsApp number: the way to write first to someone who never wrote. */
export function NewChatButton({ connected }: { connected: boolean }) {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const startChat = useStartChat();
  return (
    <>
      <Tooltip title={connected ? "New chat" : "Connect your WhatsApp number to start a chat"}>
        <Button
          icon={<FormOutlined />}
          aria-label="New chat"
          disabled={!connected}
          onClick={() => setOpen(true)}
        />
      </Tooltip>
      {open && (
        <FormModal<{ phone: string }>
          name="new-chat"
          title="New chat"
          okText="Open chat"
          onSubmit={async ({ phone }) => navigate(`/chats/${(await startChat.mutateAsync(phone.trim())).id}`)}
          onClose={() => setOpen(false)}
        >
          <Form.Item
            label="Phone number"
            name="phone"
            extra="With its country code, e.g. +55 21 91234-5678; a number without one is read as local."
            rules={[formRules.required("Enter a phone number"), formRules.maxChars(40)]}
          >
            <Input autoComplete="off" inputMode="tel" autoFocus />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
