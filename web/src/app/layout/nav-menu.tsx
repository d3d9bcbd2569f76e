import { Menu } from "antd";
import { Link, useLocation } from "react-router";
import { useAuth } from "@/lib/auth";
import { pageForPath, shellPages } from "../pages";

/** The main menu; `onNavigate` lets the phone drawer close after a choice. */
export function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { isAdmin } = useAuth();
  const { pathname } = useLocation();
  const selected = pageForPath(pathname)?.path;
  const items = shellPages
    .filter((page) => isAdmin || !page.adminOnly)
    .map((page) => ({
      key: page.path,
      icon: page.icon,
      label: (
        <Link to={page.path} onClick={onNavigate}>
          {page.title}
        </Link>
      ),
    }));
  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      style={{ borderInlineEnd: "none" }}
      aria-label="Main"
    />
  );
}
