import { lazy, useEffect } from "react";
import { createBrowserRouter, Outlet, type RouteObject } from "react-router";
import LoginRoute from "@/features/auth/routes/login";
import { useAuth } from "@/lib/auth";
import { RealtimeProvider } from "@/lib/realtime-provider";
import { type RouteHandle, useRouteTitle } from "@/lib/route-title";
import { AppShell } from "./layout/app-shell";
import { type ShellPage, shellPages } from "./pages";
import { RequireAuth } from "./require-auth";
import { RouteError } from "./route-error";

// Result's illustrations are heavy: rarely seen screens load on demand, not with the entry.
const NotFound = lazy(() => import("./not-found"));
const ForbiddenResult = lazy(() => import("@/components/forbidden-result"));

/** Every screen names the browser tab after its route: "Contacts · Parley". */
function DocumentTitle() {
  const title = useRouteTitle();
  useEffect(() => {
    document.title = title ? `${title} · Parley` : "Parley";
  }, [title]);
  return <Outlet />;
}

function ShellPageRoute({ page }: { page: ShellPage }) {
  const { isAdmin } = useAuth();
  if (page.adminOnly && !isAdmin) return <ForbiddenResult />;
  const Page = page.component;
  return <Page />;
}

const shellRoutes: RouteObject[] = shellPages.map((page) => ({
  path: page.path,
  handle: { title: page.title } satisfies RouteHandle,
  element: <ShellPageRoute page={page} />,
  // Children that render nothing (`null`, not a missing element, which React Router warns about):
  // the page stays mounted (and keeps its state) across them.
  children: page.subPaths?.map((path) => ({ path, element: null })),
}));

export const router = createBrowserRouter([
  {
    element: <DocumentTitle />,
    errorElement: <RouteError />,
    children: [
      { path: "/login", handle: { title: "Sign in" } satisfies RouteHandle, element: <LoginRoute /> },
      {
        element: (
          <RequireAuth>
            <RealtimeProvider>
              <AppShell />
            </RealtimeProvider>
          </RequireAuth>
        ),
        children: [
          ...shellRoutes,
          { path: "*", handle: { title: "Page not found" } satisfies RouteHandle, element: <NotFound /> },
        ],
      },
    ],
  },
]);
