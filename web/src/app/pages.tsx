import {
  DashboardOutlined,
  MessageOutlined,
  TagsOutlined,
  TeamOutlined,
  UserOutlined,
  WhatsAppOutlined,
} from "@ant-design/icons";
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from "react";

export type ShellPage = {
  path: string;
  title: string;
  icon: ReactNode;
  /** Hidden from the menu for agents; the route answers them with a 403 page. */
  adminOnly?: boolean;
  /** Each page is its own chunk, loaded when first visited. */
  component: LazyExoticComponent<ComponentType>;
  /** Deeper URLs the same page answers, read with `useMatch` ("/chats/:chatId"). */
  subPaths?: string[];
  /** Takes the whole content area, edge to edge, and scrolls inside itself (the chat screen). */
  fillsViewport?: boolean;
};

/** The pages inside the admin shell, in menu order: the router and the menu are both built from this. */
export const shellPages: ShellPage[] = [
  {
    path: "/",
    title: "Dashboard",
    icon: <DashboardOutlined />,
    component: lazy(() => import("@/features/dashboard/routes/dashboard")),
  },
  {
    path: "/chats",
    title: "Chats",
    icon: <MessageOutlined />,
    component: lazy(() => import("@/features/chats/routes/chats")),
    subPaths: [":chatId"],
    fillsViewport: true,
  },
  {
    path: "/contacts",
    title: "Contacts",
    icon: <UserOutlined />,
    component: lazy(() => import("@/features/contacts/routes/contacts")),
  },
  {
    path: "/whatsapp",
    title: "WhatsApp",
    icon: <WhatsAppOutlined />,
    component: lazy(() => import("@/features/whatsapp/routes/whatsapp")),
  },
  {
    path: "/tags",
    title: "Tags",
    icon: <TagsOutlined />,
    component: lazy(() => import("@/features/tags/routes/tags")),
  },
  {
    path: "/users",
    title: "Users",
    icon: <TeamOutlined />,
    adminOnly: true,
    component: lazy(() => import("@/features/users/routes/users")),
  },
];

/** The menu entry a URL belongs to ("/contacts/12" → "/contacts"). */
export function pageForPath(pathname: string): ShellPage | undefined {
  return shellPages.find((page) =>
    page.path === "/" ? pathname === "/" : pathname === page.path || pathname.startsWith(`${page.path}/`),
  );
}
