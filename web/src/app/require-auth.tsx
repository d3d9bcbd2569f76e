import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useAuth } from "@/lib/auth";
import { FullPageSpinner } from "./full-page-spinner";

/** Renders its children for a signed-in user; anyone else goes to login and comes back after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <FullPageSpinner />;
  if (user === null) {
    const here = location.pathname + location.search;
    const search = here === "/" ? "" : `?next=${encodeURIComponent(here)}`;
    return <Navigate to={`/login${search}`} replace />;
  }
  return children;
}
