import { zErrorResponse } from '@lp/contracts/api';
import { isPassive } from './activity';

/** Any failure talking to the API, carrying the API's own `{ error: { code, message } }` when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }

  /** 4xx means the request itself is wrong: asking again will not help. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

/** The zod method the fetchers need; keeps this file independent of any one schema. */
type Schema<T> = {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: readonly unknown[] } };
};

export type QueryParams = Record<string, string | number | null | undefined>;

export function buildUrl(path: string, params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** GETs a same-origin API path and validates the body against its contract schema. */
export function apiGet<T>(path: string, params: QueryParams, schema: Schema<T>, signal?: AbortSignal): Promise<T> {
  return apiRequest(buildUrl(path, params), { headers: { accept: 'application/json' }, signal }, schema);
}

/** POSTs, PATCHes or DELETEs (an action, an edit, a removal) and validates the answer like `apiGet`. */
export function apiSend<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  schema: Schema<T>,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return apiRequest(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, schema);
}

/** POSTs a file's raw bytes (not a form) to an upload endpoint; the answer is validated like `apiGet`. */
export function apiSendFile<T>(path: string, params: QueryParams, file: Blob, schema: Schema<T>): Promise<T> {
  return apiRequest(
    buildUrl(path, params),
    { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/octet-stream' }, body: file },
    schema,
  );
}

async function apiRequest<T>(url: string, init: RequestInit, schema: Schema<T>): Promise<T> {
  const path = url.split('?')[0];
  const signal = init.signal;
  let response: Response;
  // Background refreshes of an unattended page say so: they do not restart the session's idle clock.
  const headers = new Headers(init.headers);
  if (isPassive()) headers.set('x-lp-passive', '1');
  try {
    response = await fetch(url, { ...init, headers, credentials: 'same-origin' });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'network_error', 'The server could not be reached. Check your connection.');
  }

  const body: unknown = await response.json().catch(() => undefined);

  if (!response.ok) {
    const apiError = zErrorResponse.safeParse(body);
    if (apiError.success) throw new ApiError(response.status, apiError.data.error.code, apiError.data.error.message);
    throw new ApiError(
      response.status,
      'http_error',
      `The server answered ${response.status} ${response.statusText}`.trim(),
    );
  }

  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    // The contract and the server disagree: worth a trace in the console for whoever is debugging.
    console.warn(`Unexpected response from ${path}`, parsed.error.issues);
    throw new ApiError(response.status, 'invalid_response', 'The server sent data in an unexpected shape.');
  }
  return parsed.data;
}

/** Human text for any error a query can end with. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

/** For answers with no body (204): there is nothing to validate. */
export const NO_CONTENT: Schema<undefined> = { safeParse: () => ({ success: true, data: undefined }) };
