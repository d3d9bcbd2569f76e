import { ColorPicker, Form, Input } from "antd";
import type { Color } from "antd/es/color-picker";
import { FormModal } from "@/components/form-modal";
import { formRules } from "@/lib/form-rules";
import type { Tag } from "@/types/api";
import { useCreateTag, useUpdateTag } from "../api/tags";

/** A palette that reads well as antd tag colours, offered first in the picker. */
const suggestedColors = [
  "#0e7c61",
  "#1677ff",
  "#722ed1",
  "#eb2f96",
  "#f5222d",
  "#fa8c16",
  "#fadb14",
  "#52c41a",
  "#13c2c2",
  "#8c8c8c",
];

type TagFormValues = { name: string; color: string | Color };

type TagFormModalProps = {
  /** The tag to edit; without one the form creates a tag. */
  tag?: Tag;
  onClose: () => void;
};

export function TagFormModal({ tag, onClose }: TagFormModalProps) {
  const createTag = useCreateTag();
  const updateTag = useUpdateTag();

  const submit = ({ name, color }: TagFormValues) => {
    // The picker hands back a Color object once touched, a plain string before.
    const input = { name: name.trim(), color: typeof color === "string" ? color : color.toHexString() };
    return tag ? updateTag.mutateAsync({ id: tag.id, ...input }) : createTag.mutateAsync(input);
  };

  return (
    <FormModal<TagFormValues>
      name="tag"
      title={tag ? `Edit tag “${tag.name}”` : "New tag"}
      okText={tag ? "Save" : "Create tag"}
      successMessage={tag ? "Tag updated" : "Tag created"}
      initialValues={tag ? { name: tag.name, color: tag.color } : { color: suggestedColors[0] }}
      fieldForErrorCode={{ tag_exists: "name" }}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item
        label="Name"
        name="name"
        rules={[formRules.required("Name the tag"), formRules.maxChars(64)]}
      >
        <Input autoComplete="off" placeholder="e.g. Customer, Supplier, VIP" />
      </Form.Item>
      <Form.Item label="Colour" name="color" rules={[{ required: true, message: "Pick a colour" }]}>
        <ColorPicker
          showText
          disabledAlpha
          presets={[{ label: "Suggested", colors: suggestedColors, defaultOpen: true }]}
        />
      </Form.Item>
    </FormModal>
  );
}
