/** The server's one error shape, plus what the register adds for network trouble. */
export interface ApiError {
  status: number;
  code: string;
  message: string;
  retryAfter?: number;
  details?: Record<string, unknown>;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface ApiClient {
  call<T>(method: 'GET' | 'POST', path: string, options?: { body?: unknown; token?: string | null; keepalive?: boolean; timeoutMs?: number; headers?: Record<string, string> }): Promise<ApiResult<T>>;
}

/** status 0: the request never got an answer (offline, server down, timeout). */
export const NETWORK = 'NETWORK_UNAVAILABLE';

/** A thin fetch wrapper: Bearer credentials (no cookies, so no CSRF token is needed), JSON in and out. */
export function createApiClient(baseUrl = ''): ApiClient {
  return {
    async call<T>(method: 'GET' | 'POST', path: string, options: { body?: unknown; token?: string | null; keepalive?: boolean; timeoutMs?: number; headers?: Record<string, string> } = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let response: Response;
      try {
        response = await fetch(baseUrl + path, {
          method,
          headers,
          credentials: 'omit',
          cache: 'no-store',
          keepalive: options.keepalive ?? false,
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        });
      } catch (error) {
        return { ok: false, error: { status: 0, code: NETWORK, message: error instanceof Error ? error.message : String(error) } };
      }
      const text = await response.text().catch(() => '');
      const json = text ? safeJson(text) : null;
      if (response.ok) return { ok: true, value: json as T };
      const body = (json as { error?: { code?: string; message?: string; details?: { retryAfter?: number } & Record<string, unknown> } } | null)?.error;
      return {
        ok: false,
        error: {
          status: response.status,
          code: body?.code ?? `HTTP_${response.status}`,
          message: body?.message ?? response.statusText,
          ...(body?.details?.retryAfter !== undefined ? { retryAfter: body.details.retryAfter } : {}),
          ...(body?.details ? { details: body.details } : {}),
        },
      };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
