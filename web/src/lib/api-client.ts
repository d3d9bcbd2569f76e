/** Machine-readable error the server sent (`{"error":{"code","message","details"},"requestId"}`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly requestId: string | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    extra?: { details?: Record<string, unknown>; requestId?: string },
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = extra?.details;
    this.requestId = extra?.requestId;
  }
}

type ErrorBody = {
  error?: { code?: unknown; message?: unknown; details?: unknown };
  requestId?: unknown;
};

type QueryValue = string | number | boolean | null | undefined;

export type RequestOptions = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Login answers 401 for a wrong password; that must not count as "session ended". */
  ignoreUnauthorized?: boolean;
};

const unauthorizedListeners = new Set<() => void>();

/** Tells every `onUnauthorized` listener that the server no longer knows this session. */
export function reportUnauthorized(): void {
  for (const listener of unauthorizedListeners) listener();
}

/** Called whenever the server says the session is gone, so the app can send the user to login. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

function buildUrl(path: string, query: RequestOptions["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ""}`;
}

async function toApiError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as ErrorBody | null;
  const error = body?.error;
  const code = typeof error?.code === "string" ? error.code : `http_${response.status}`;
  const message =
    typeof error?.message === "string"
      ? error.message
      : `The server answered ${response.status} ${response.statusText}`.trim();
  const details =
    error?.details && typeof error.details === "object"
      ? (error.details as Record<string, unknown>)
      : undefined;
  const requestId = typeof body?.requestId === "string" ? body.requestId : undefined;
  return new ApiError(response.status, code, message, { details, requestId });
}

function requestHeaders(body: unknown): Record<string, string> {
  if (body === undefined) return { Accept: "application/json" };
  if (body instanceof Blob) return { Accept: "application/json", "Content-Type": body.type };
  return { "Content-Type": "application/json" };
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = "GET", body, query, signal, ignoreUnauthorized = false } = options;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      credentials: "same-origin",
      headers: requestHeaders(body),
      // A Blob (a file to upload) goes as it is, in its own type; anything else as JSON.
      body: body === undefined || body instanceof Blob ? body : JSON.stringify(body),
      signal,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(
      0,
      "network_error",
      "Can't reach the Parley server. Check your connection and try again.",
    );
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && !ignoreUnauthorized) reportUnauthorized();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, "method" | "body">) =>
    apiRequest<T>(path, { ...options, method: "GET" }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, "method" | "body">) =>
    apiRequest<T>(path, { ...options, method: "POST", body }),
  put: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: "PUT", body }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: "PATCH", body }),
  delete: (path: string) => apiRequest<void>(path, { method: "DELETE" }),
};

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** A message fit to show a user, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Try again.";
}
