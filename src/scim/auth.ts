// Bearer-token authentication for /scim/v2: the token decides the organization for the whole
// request. A missing or unknown token is 401 in SCIM form; a database failure while checking it is
// a 503 (sendScimError), never a 401 — a 401 makes Entra quarantine the job. With a token cache
// (token-cache.ts) most requests find their token in memory.
import type { NextFunction, Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import type { ActionContext } from '../domain/context.js';
import { authenticateScimToken, type AuthenticatedToken } from '../domain/scim-tokens/tokens.js';
import type { ScimTokenCache } from '../domain/scim-tokens/token-cache.js';
import { ProvisioningDisabled } from '../domain/errors.js';
import { sendScimError, unauthorized } from './scim-error.js';

export interface ScimLocals { orgId: string; token: AuthenticatedToken; ctx: ActionContext }

export function scimAuth(db: Kysely<Database>, clock: Clock, cache?: ScimTokenCache) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) { sendScimError(req, res, unauthorized('A bearer token is required (Authorization: Bearer <token>).')); return; }
    let token: AuthenticatedToken | null;
    try {
      token = cache ? await cache.authenticate(db, match[1]!, clock) : await authenticateScimToken(db, match[1]!, clock);
    } catch (err) {
      sendScimError(req, res, err);
      return;
    }
    if (!token) { sendScimError(req, res, unauthorized('The bearer token is not valid or has been revoked.')); return; }
    if (!token.scimEnabled) { sendScimError(req, res, new ProvisioningDisabled('SCIM')); return; }
    const locals: ScimLocals = {
      orgId: token.orgId,
      token,
      ctx: { method: 'scim', actor: { type: 'scim_token', id: token.id, label: `SCIM token "${token.name}"` }, clock, requestId: String(req.id ?? '') },
    };
    res.locals.scim = locals;
    next();
  };
}

export function scimLocals(res: Response): ScimLocals {
  return res.locals.scim as ScimLocals;
}
