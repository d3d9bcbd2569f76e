import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { useInvalidate } from "@/lib/use-invalidate";
import type { Role } from "@/types/api";

export type User = {
  id: number;
  username: string;
  fullName: string;
  email: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
};

export type CreateUserInput = {
  username: string;
  fullName: string;
  email?: string;
  role: Role;
  password: string;
};

export type UpdateUserInput = Partial<{
  fullName: string;
  email: string | null;
  role: Role;
  disabled: boolean;
  password: string;
}>;

export function useUsers() {
  return useQuery({
    queryKey: queryKeys.users.all,
    queryFn: async () => (await api.get<{ users: User[] }>("/users")).users,
  });
}

/** After any change to staff: the list and the dashboard's team count. */
const useInvalidateUsers = () => useInvalidate(queryKeys.users.all, queryKeys.dashboard.all);

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: async (input: CreateUserInput) => (await api.post<{ user: User }>("/users", input)).user,
    onSuccess: invalidate,
  });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: async ({ id, ...changes }: UpdateUserInput & { id: number }) =>
      (await api.patch<{ user: User }>(`/users/${id}`, changes)).user,
    onSuccess: invalidate,
  });
}
