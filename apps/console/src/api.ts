// fetch wrapper: same-origin /v1 calls with the bearer token; problem+json answers become ApiError.
import { markSessionEnded } from './drafts';
import { getSession, setSession } from './session';

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldError[],
  ) {
    super(detail || title);
  }
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface Options {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Send the token (default true). */
  auth?: boolean;
  /** Bearer token to use instead of the session's. */
  token?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export async function api<T>(path: string, options: Options = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...options.headers };
  const token = options.token ?? (options.auth === false ? undefined : getSession()?.token);
  if (token) headers['Authorization'] = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'The service could not be reached', 'Check your connection and try again.', []);
  }
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const body = isRecord(data) ? data : {};
    const errors = Array.isArray(body['errors'])
      ? body['errors'].filter(isRecord).map((e) => ({ field: String(e['field'] ?? ''), message: String(e['message'] ?? 'is not valid') }))
      : [];
    const title = typeof body['title'] === 'string' ? body['title'] : defaultTitle(response.status);
    const detail = typeof body['detail'] === 'string' ? body['detail'] : undefined;
    if (response.status === 401 && !options.token && options.auth !== false) {
      markSessionEnded();
      setSession(null);
    }
    throw new ApiError(response.status, title, detail, errors);
  }
  return data as T;
}

function defaultTitle(status: number): string {
  if (status === 401) return 'Your session has ended: sign in again';
  if (status === 403) return 'Your role cannot do this';
  if (status === 404) return 'Not found';
  if (status === 409) return 'That change is not allowed now';
  if (status >= 500) return 'Sorry, there is a problem with the service';
  return 'There is a problem';
}

/**
 * Idempotency-Key per submission: a new key when the body changes, the same key when the same body
 * is sent again (a double click or a retry after a network error creates nothing twice).
 */
export function idempotencyKeyFor(memo: { body: string; key: string } | null, body: unknown): { body: string; key: string } {
  const json = JSON.stringify(body);
  if (memo && memo.body === json) return memo;
  return { body: json, key: crypto.randomUUID() };
}

/**
 * Whether a failed POST may be sent again under the same Idempotency-Key. The gateway keeps every
 * answer below 500 against its key and replays it, so after a 4xx a new attempt needs a new key; after
 * no answer at all (status 0) or a 5xx (not kept), the same key makes a retry safe.
 */
export function mayRetryWithSameKey(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.detail ? `${error.title}: ${error.detail}` : error.title;
  return 'Something went wrong. Try again.';
}

/** The element id a problem+json field points at: `members.0.givenName` -> `members-0-givenName`. */
export function fieldId(field: string): string {
  return 'f-' + field.replace(/\[(\d+)\]/g, '.$1').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '');
}
