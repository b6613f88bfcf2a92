// Wrappers that give every SCIM handler the same error boundary: reads answer errors in SCIM
// form; writes also log the refusal, unless the domain's refusal writer already did (an arrival's).
import type { Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { scimLocals } from './auth.js';
import { sendScimError, toScimError } from './scim-error.js';
import { logRejection } from './rejections.js';
import type { WriteScope } from './user-writes.js';
import { DomainError } from '../domain/errors.js';

type Handler = (req: Request, res: Response) => Promise<void>;

export function readHandler(fn: Handler): Handler {
  return async (req, res) => {
    try { await fn(req, res); } catch (err) { sendScimError(req, res, err); }
  };
}

export function writeHandler(db: Kysely<Database>, baseUrl: () => string, kind: 'member' | 'group',
  fn: (req: Request, res: Response, s: WriteScope) => Promise<void>): Handler {
  return async (req, res) => {
    const { orgId, ctx } = scimLocals(res);
    const s: WriteScope = { db, orgId, ctx, baseUrl: baseUrl() };
    try { await fn(req, res, s); } catch (err) {
      // Logged before answering, so a client that reads the log after our answer finds the row.
      if (!(err instanceof DomainError && err.recorded)) {
        await logRejection(db, ctx, orgId, kind, req, toScimError(err, String(req.id ?? '')));
      }
      sendScimError(req, res, err);
    }
  };
}
