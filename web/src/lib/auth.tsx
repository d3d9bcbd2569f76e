import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useMemo } from "react";
import type { Me } from "@/types/api";
import { api, isApiError, onUnauthorized } from "./api-client";
import { queryKeys } from "./query-keys";

type AuthState = {
  /** `undefined` while the session is being checked, `null` when signed out. */
  user: Me | null | undefined;
  isAdmin: boolean;
};

const AuthContext = createContext<AuthState | null>(null);

async function fetchMe(): Promise<Me | null> {
  try {
    return (await api.get<{ user: Me }>("/me", { ignoreUnauthorized: true })).user;
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

/** Forget everything cached for the previous session and mark the user signed out. */
function clearSession(queryClient: QueryClient) {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.me[0] });
  queryClient.setQueryData(queryKeys.me, null);
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { data: user } = useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: Infinity });

  // Any 401 means the session expired or was revoked: drop cached data; the route guard
  // then sends the user to the login page.
  useEffect(() => onUnauthorized(() => clearSession(queryClient)), [queryClient]);

  const value = useMemo<AuthState>(() => ({ user, isAdmin: user?.role === "admin" }), [user]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>");
  return value;
}

/** The signed-in user, for screens that only render behind the route guard. */
export function useCurrentUser(): Me {
  const { user } = useAuth();
  if (!user) throw new Error("useCurrentUser must be used behind the sign-in guard");
  return user;
}

export type LoginInput = { username: string; password: string };

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) =>
      api.post<{ user: Me }>("/auth/login", input, { ignoreUnauthorized: true }),
    onSuccess: ({ user }) => queryClient.setQueryData(queryKeys.me, user),
  });
}

/**
 * Ends the session with a full page load of /login: nothing of the previous user survives in
 * memory (caches, and later the live connection), and the login page has no `next` to go back to.
 */
export function useLogout() {
  return useMutation({
    mutationFn: () => api.post<void>("/auth/logout"),
    onSettled: () => window.location.replace("/login"),
  });
}
