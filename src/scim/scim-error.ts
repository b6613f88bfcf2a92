// The SCIM error boundary (RFC 7644 §3.12). scimmy would turn any non-SCIM error into a 404 and a
// TypeError into a 400, so our handlers convert every error here: domain errors through the one
// table (src/web/error-table.ts), scimmy's own errors as they are, body-parser failures as 400 or
// 413, and anything else (database outage, our own bug) as 503 with Retry-After — never 401, 404
// or a bare 500, which make Entra quarantine the customer's provisioning job.
import type { Request, Response } from 'express';
import { isCodedFailure, RateLimited } from '../domain/errors.js';
import { StorageUnavailable } from '../db/errors.js';
import { logUnavailable } from '../web/render-error.js';
import { ERROR_TABLE, SCIM_STATUSES, type PublicCode, type ScimStatus, type ScimType } from '../web/error-table.js';
import { SCIMMY, ERROR_SCHEMA } from './schemas.js';

export const RETRY_AFTER_SECONDS = 5;

export interface ScimErrorBody {
  status: number;
  scimType?: ScimType | undefined;
  detail: string;
  /** Domain code or our own label, for the provisioning log. */
  code: PublicCode;
  retryAfter?: number;
}

/** Thrown by our code for a client mistake scimmy reports as a TypeError (schema coercion). */
export function invalidValue(message: string): Error {
  return new SCIMMY.Types.Error(400, 'invalidValue', message);
}

export function toScimError(err: unknown, requestId: string): ScimErrorBody {
  if (err instanceof SCIMMY.Types.Error) {
    const e = err as unknown as { status: number; scimType?: ScimType | null; message: string };
    return { status: e.status, scimType: e.scimType ?? undefined, detail: e.message, code: scimCode(e.status, e.scimType) };
  }
  if (isCodedFailure(err)) {
    const m = ERROR_TABLE[err.code];
    const unavailable = m.scim.status === 503;
    return {
      status: m.scim.status, scimType: m.scim.scimType, code: err.code,
      detail: unavailable ? unavailableDetail(requestId) : err.expose ? err.message : m.title,
      ...(unavailable ? { retryAfter: RETRY_AFTER_SECONDS } : {}),
      ...(err instanceof RateLimited ? { retryAfter: err.retryAfterSeconds } : {}),
    };
  }
  const e = err as { type?: string } | null;
  if (e?.type === 'entity.too.large') {
    return { status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is larger than this server accepts; split the change into several requests.' };
  }
  if (e?.type === 'entity.parse.failed' || e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
    return { status: 400, scimType: 'invalidSyntax', code: 'MALFORMED_JSON', detail: 'The request body is not valid JSON.' };
  }
  return { status: 503, code: 'UNAVAILABLE', detail: unavailableDetail(requestId), retryAfter: RETRY_AFTER_SECONDS };
}

/** scimmy's own errors, named for the log by their scimType, else their status. */
function scimCode(status: number, scimType: ScimType | null | undefined): PublicCode {
  if (scimType) return `SCIM_${scimType}`;
  return (SCIM_STATUSES as readonly number[]).includes(status) ? `SCIM_${status as ScimStatus}` : 'SCIM_400';
}

function unavailableDetail(requestId: string): string {
  return `The service is temporarily unavailable; retry later. Request id: ${requestId}.`;
}

export function sendScimError(req: Request, res: Response, err: unknown): ScimErrorBody {
  const body = toScimError(err, String(req.id ?? ''));
  if (err instanceof StorageUnavailable) logUnavailable(req, err);
  else if (body.status >= 500) req.log?.error({ err }, 'SCIM request failed');
  sendScimBody(req, res, body);
  return body;
}

export function sendScimBody(req: Request, res: Response, body: ScimErrorBody): void {
  if (body.status < 500) req.log?.info({ code: body.code, status: body.status }, body.detail);
  if (res.headersSent) { res.end(); return; }
  if (body.retryAfter) res.set('Retry-After', String(body.retryAfter));
  if (body.status === 401) res.set('WWW-Authenticate', 'Bearer realm="seatgate-scim"');
  res.status(body.status).type('application/scim+json').send(JSON.stringify(renderBody(body)));
}

/**
 * The error as a SCIMMY.Types.Error, rendered by scimmy's ErrorResponse (which checks the
 * status/scimType pair against RFC 7644 §3.12). scimmy knows neither 503 nor 429: those are ours.
 */
export function renderBody(body: ScimErrorBody): Record<string, unknown> {
  if (body.status !== 503 && body.status !== 429) {
    try {
      const error = new SCIMMY.Types.Error(body.status, (body.scimType ?? null) as unknown as string, body.detail);
      return JSON.parse(JSON.stringify(new SCIMMY.Messages.ErrorResponse(error as never))) as Record<string, unknown>;
    } catch {
      // A pair scimmy refuses (the table test keeps ours legal): still answer in SCIM form.
    }
  }
  return { schemas: [ERROR_SCHEMA], status: String(body.status), ...(body.scimType ? { scimType: body.scimType } : {}), detail: body.detail };
}

export function unauthorized(detail: string): Error {
  return new SCIMMY.Types.Error(401, null as unknown as string, detail);
}
