import { HomeOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from "@ant-design/icons";
import { Breadcrumb, Button, Flex, Grid, Layout, Typography, theme } from "antd";
import { lazy, Suspense, useState } from "react";
import { Link, Outlet, useLocation } from "react-router";
import { ParleyLogo } from "@/components/parley-logo";
import { useRouteTitle } from "@/lib/route-title";
import { FullPageSpinner } from "../full-page-spinner";
import { pageForPath } from "../pages";
import { ConnectionStatus } from "./connection-status";
import { NavMenu } from "./nav-menu";
import { UserMenu } from "./user-menu";

const siderCollapsedKey = "parley.sider.collapsed";

// Phones only: desktops never download the drawer.
const Drawer = lazy(() => import("antd/es/drawer"));

/** Ant Design Pro-style admin shell: light sider (a drawer on phones), header, page content. */
export function AppShell() {
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;
  const { token } = theme.useToken();
  const title = useRouteTitle();
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(siderCollapsedKey) === "true");
  const [drawerOpen, setDrawerOpen] = useState(false);
  const fillsViewport = pageForPath(useLocation().pathname)?.fillsViewport === true;

  const toggleCollapsed = () => {
    setCollapsed(!collapsed);
    localStorage.setItem(siderCollapsedKey, String(!collapsed));
  };

  const border = `1px solid ${token.colorBorderSecondary}`;

  return (
    // A page that fills the viewport gets exactly the screen's height: the page itself never scrolls.
    <Layout style={fillsViewport ? { height: "100dvh", overflow: "hidden" } : { minHeight: "100vh" }}>
      {isPhone ? (
        <Suspense fallback={null}>
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={264}
            title={<ParleyLogo size={28} showName />}
            styles={{ body: { padding: "8px 0" } }}
          >
            <NavMenu onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        </Suspense>
      ) : (
        <Layout.Sider
          theme="light"
          width={232}
          collapsedWidth={64}
          collapsed={collapsed}
          trigger={null}
          style={{ position: "sticky", top: 0, height: "100vh", borderInlineEnd: border }}
        >
          <Link
            to="/"
            aria-label="Parley dashboard"
            style={{ display: "flex", alignItems: "center", height: 56, paddingInline: collapsed ? 16 : 20 }}
          >
            <ParleyLogo size={32} showName={!collapsed} />
          </Link>
          <NavMenu />
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            position: "sticky",
            top: 0,
            zIndex: 10,
            display: "flex",
            alignItems: "center",
            gap: 8,
            borderBottom: border,
          }}
        >
          {isPhone ? (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label="Open menu"
              onClick={() => setDrawerOpen(true)}
            />
          ) : (
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              aria-label={collapsed ? "Expand menu" : "Collapse menu"}
              onClick={toggleCollapsed}
            />
          )}
          <Flex flex={1} style={{ minWidth: 0 }}>
            {isPhone ? (
              <Typography.Text strong ellipsis>
                {title}
              </Typography.Text>
            ) : (
              <Breadcrumb
                items={[
                  {
                    title: (
                      <Link to="/" aria-label="Dashboard">
                        <HomeOutlined />
                      </Link>
                    ),
                  },
                  { title },
                ]}
              />
            )}
          </Flex>
          <ConnectionStatus compact={isPhone} />
          <UserMenu compact={isPhone} />
        </Layout.Header>
        <Layout.Content
          style={
            fillsViewport
              ? { display: "flex", flexDirection: "column", minHeight: 0, overflow: "hidden" }
              : { padding: isPhone ? 16 : 24 }
          }
        >
          <Suspense fallback={<FullPageSpinner />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
