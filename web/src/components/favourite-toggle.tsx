import { StarFilled, StarOutlined } from "@ant-design/icons";
import { Button, Tooltip } from "antd";
import { type FavouriteTarget, useFavouriteToggle } from "@/lib/favourites";

type FavouriteToggleProps = {
  target: FavouriteTarget;
  /** Who the star is for: names the button for screen readers and the new favourite. */
  name: string;
};

/** ☆/★ on a contact: pins it to my favourites, or unpins it. */
export function FavouriteToggle({ target, name }: FavouriteToggleProps) {
  const { isFavourite, toggle, ready } = useFavouriteToggle();
  const pinned = isFavourite(target);
  const label = pinned ? `Remove ${name} from favourites` : `Add ${name} to favourites`;
  return (
    <Tooltip title={pinned ? "Remove from favourites" : "Add to favourites"}>
      <Button
        type="text"
        size="small"
        aria-label={label}
        aria-pressed={pinned}
        disabled={!ready}
        icon={pinned ? <StarFilled style={{ color: "#faad14" }} /> : <StarOutlined />}
        onClick={() => toggle(target, name)}
      />
    </Tooltip>
  );
}
