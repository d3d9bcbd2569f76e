import { Select, type SelectProps, Tag } from "antd";
import { useTags } from "@/lib/tags";

type TagSelectProps = Omit<SelectProps<number>, "options" | "loading">;

/** Picks one of the organisation's tags, each shown in its colour. */
export function TagSelect(props: TagSelectProps) {
  const tags = useTags();
  return (
    <Select<number>
      allowClear
      showSearch={{ optionFilterProp: "label" }}
      placeholder="Choose a tag"
      loading={tags.isPending}
      {...props}
      options={tags.data?.map((tag) => ({ value: tag.id, label: tag.name, color: tag.color }))}
      // The chosen tag keeps its colour in the box too, not only in the list.
      labelRender={({ value, label }) => {
        const tag = tags.data?.find((candidate) => candidate.id === value);
        return tag ? (
          <Tag color={tag.color} style={{ marginInlineEnd: 0 }}>
            {tag.name}
          </Tag>
        ) : (
          label
        );
      }}
      optionRender={(option) => (
        <Tag color={option.data.color} style={{ marginInlineEnd: 0 }}>
          {option.data.label}
        </Tag>
      )}
    />
  );
}
