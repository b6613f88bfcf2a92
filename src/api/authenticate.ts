// Admin API authentication, two schemes:
// - an org API key as a bearer token (scripts, integrations);
// - the session cookie (a person in a browser). The session row and its member are read on every
//   request (src/domain/sessions), so a sign-out, demotion, suspension or removal applies at once,
//   in every process, and a state-changing request must come from
//   our own origin (Origin, or Sec-Fetch-Site when a browser omits Origin): SameSite alone does not
//   stop every cross-site request, and the JSON body parser ignores form posts anyway.
import type { Request, RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import { authenticateApiKey } from '../domain/access/api-keys.js';
import { CrossSiteRequest, Unauthenticated } from '../domain/errors.js';
import { currentSession } from '../sessions/request-session.js';
import type { SessionSettings } from '../sessions/settings.js';
import { COOKIE_NAME } from '../sessions/session-cookie.js';
import { setPrincipal } from './principal.js';

export interface AuthSettings { db: Kysely<Database>; clock: Clock; session: SessionSettings | null; publicUrl: string }

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authenticate(s: AuthSettings): RequestHandler {
  const ownOrigin = new URL(s.publicUrl).origin;
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw challenge(res);
      const key = await authenticateApiKey(s.db, match[1], s.clock);
      setPrincipal(req, {
        orgId: key.orgId, role: key.role, via: 'api_key',
        actor: { type: 'api_key', id: key.id, label: `API key ${key.name} (${key.prefix}…)` },
      });
      next();
      return;
    }
    if (!s.session || !req.headers.cookie?.includes(`${COOKIE_NAME}=`)) throw challenge(res);
    const session = await currentSession(req, s.session);
    if (!session) throw new Unauthenticated('Your session has ended or your account is no longer active. Sign in again.');
    if (!SAFE_METHODS.has(req.method) && !sameOrigin(req, ownOrigin)) throw new CrossSiteRequest(req.get('origin') ?? null);
    setPrincipal(req, {
      orgId: session.orgId, role: session.member.role, via: 'session', memberId: session.memberId, sessionId: session.id,
      actor: { type: 'member', id: session.memberId, label: session.member.email },
    });
    next();
  };
}

function sameOrigin(req: Request, ownOrigin: string): boolean {
  const origin = req.get('origin');
  if (origin !== undefined) return origin === ownOrigin;
  return req.get('sec-fetch-site') === 'same-origin';
}

function challenge(res: Parameters<RequestHandler>[1]): Unauthenticated {
  res.set('WWW-Authenticate', 'Bearer realm="seatgate-api"');
  return new Unauthenticated('Send an API key as "Authorization: Bearer sgkey_…", or sign in.');
}
