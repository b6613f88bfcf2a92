// Admin API authentication: an org API key as a bearer token. (Session cookies from SSO plug in
// here as a second scheme; with a cookie, the request must also pass the CSRF check.)
import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import { authenticateApiKey } from '../domain/access/api-keys.js';
import { Unauthenticated } from '../domain/errors.js';
import { setPrincipal } from './principal.js';

export function authenticate(db: Kysely<Database>, clock: Clock): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      res.set('WWW-Authenticate', 'Bearer realm="seatgate-api"');
      throw new Unauthenticated('Send an API key as "Authorization: Bearer sgkey_…".');
    }
    const key = await authenticateApiKey(db, match[1], clock);
    setPrincipal(req, {
      orgId: key.orgId, role: key.role, via: 'api_key',
      actor: { type: 'api_key', id: key.id, label: `API key ${key.name} (${key.prefix}…)` },
    });
    next();
  };
}
