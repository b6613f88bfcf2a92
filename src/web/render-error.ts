// Renders every error that reaches express: JSON for API clients, a readable page for a person
// (Accept: text/html) with a way back. Domain errors map through ERROR_TABLE; body-parser errors are client
// errors; anything else is a 500 whose detail stays in the log, with the request id to find it.
// A database outage is 503 + Retry-After: JSON for the API, a "try again" page for a person.
import type { ErrorRequestHandler, Request, Response } from 'express';
import { isCodedFailure, RateLimited } from '../domain/errors.js';
import { StorageUnavailable } from '../db/errors.js';
import { ERROR_TABLE, type PublicCode } from './error-table.js';
import { escapeHtml, page, WAY_BACK } from './page.js';
import { sendUnavailablePage } from './unavailable-page.js';

export interface PublicError { status: number; code: PublicCode; title: string; message: string; retryAfter?: number }

export function toPublicError(err: unknown): PublicError {
  if (isCodedFailure(err)) {
    const m = ERROR_TABLE[err.code];
    return {
      status: m.http, code: err.code, title: m.title,
      message: err.expose ? err.message : m.title,
      ...(m.http === 503 ? { retryAfter: 5 } : {}),
      ...(err instanceof RateLimited ? { retryAfter: err.retryAfterSeconds } : {}),
    };
  }
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (e?.type === 'entity.too.large') return { status: 413, code: 'PAYLOAD_TOO_LARGE', title: 'Request too large', message: 'The request body is larger than this endpoint accepts.' };
  if (e?.type === 'entity.parse.failed') return { status: 400, code: 'MALFORMED_JSON', title: 'Malformed JSON', message: 'The request body is not valid JSON.' };
  if (e?.expose && e.status && e.status >= 400 && e.status < 500) return { status: e.status, code: 'BAD_REQUEST', title: 'Bad request', message: e.message ?? 'Bad request' };
  return { status: 500, code: 'INTERNAL', title: 'Something went wrong', message: 'An internal error occurred. Quote the request id when reporting it.' };
}

export const renderError: ErrorRequestHandler = (err, req, res, _next) => {
  const pub = toPublicError(err);
  if (err instanceof StorageUnavailable) logUnavailable(req, err);
  else if (pub.status >= 500) req.log?.error({ err }, 'request failed');
  else req.log?.info({ code: pub.code }, pub.message);
  sendError(req, res, pub);
};

/** One short line per request during an outage; the outage itself is logged once, with its cause. */
export function logUnavailable(req: Request, err: StorageUnavailable): void {
  const cause = err.cause as { message?: string; code?: string } | null;
  req.log?.warn({ code: err.code, reason: cause?.message || cause?.code || null }, 'answered 503: database unavailable');
}

export function sendError(req: Request, res: Response, pub: PublicError): void {
  if (res.headersSent) { res.end(); return; }
  const requestId = String(req.id ?? '');
  if (pub.retryAfter) res.set('Retry-After', String(pub.retryAfter));
  res.status(pub.status);
  if (req.accepts(['json', 'html']) === 'html') {
    if (pub.code === 'STORAGE_UNAVAILABLE') { sendUnavailablePage(req, res); return; }
    res.type('html').send(page(pub.title, `<p class="problem">${escapeHtml(pub.message)}</p><p class="muted">Request id: ${escapeHtml(requestId)}</p>`, { links: WAY_BACK }));
    return;
  }
  res.json({ error: { code: pub.code, message: pub.message, requestId } });
}
