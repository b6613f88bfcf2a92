// The console's only way to the server: the admin API under /api/v1, with the session cookie
// (credentials: 'same-origin') and JSON bodies; the browser adds Origin to every change, which the
// API's same-origin check requires. Errors become ApiError with a message a person can act on;
// a 401 (session ended) sends the browser to sign in and come back here.

export interface ApiErrorBody { code: string; message: string; requestId?: string }

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly requestId: string | null, readonly retryAfter: number | null) {
    super(message);
  }
}

export interface CallOptions { body?: unknown; headers?: Record<string, string>; query?: Record<string, string | number | boolean | undefined | null | string[]> }

export function queryString(query: CallOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, String(one));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, opts: CallOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}${queryString(opts.query)}`, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Seatgate could not be reached. Check your connection and try again.', null, null);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (res.ok) return body as T;
  const err = (body as { error?: ApiErrorBody } | null)?.error;
  const retryAfter = Number(res.headers.get('retry-after')) || null;
  const failure = new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, readable(res.status, err, retryAfter), err?.requestId ?? res.headers.get('x-request-id'), retryAfter);
  if (res.status === 401) toSignIn();
  throw failure;
}

/** What a person reads for each kind of failure; the API's own message where it says what to do. */
function readable(status: number, err: ApiErrorBody | undefined, retryAfter: number | null): string {
  switch (status) {
    case 401: return 'Your session has ended. Sign in again to continue.';
    case 403: return err?.code === 'ROLE_FORBIDDEN' ? 'Your role does not allow this. Ask an Owner of the organization.' : err?.message ?? 'This is not allowed.';
    case 429: return `Too many requests right now. Try again in ${retryAfter ?? 'a few'} seconds.`;
    case 502: return err?.message ?? 'A service Seatgate depends on could not be reached. Try again in a moment.';
    case 503: case 504: return 'Seatgate is temporarily unavailable. Nothing was changed; try again in a moment.';
    default: return err?.message ?? `The server answered ${status}.`;
  }
}

let leaving = false;
export function toSignIn(): void {
  if (leaving) return;
  leaving = true;
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/login?return_to=${encodeURIComponent(here)}`);
}

/** A new Idempotency-Key: one per reviewed change, reused by every retry of it. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
