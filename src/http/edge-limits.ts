// Which limit each edge applies, wired once by src/http/app.ts ahead of the edges' routers:
// - /scim/v2: per SCIM token (RATE_LIMIT_SCIM_*), 429 in RFC 7644 error form;
// - /api/v1: per API key (RATE_LIMIT_API_*) or per session (RATE_LIMIT_SESSION_*), JSON;
// - /me, /logout: per session, else per client address;
// - /login and every /sso/… endpoint (login start, callback, ACS, metadata): per client address
//   (RATE_LIMIT_LOGIN_*), a readable page for a person.
// - /auth/verify (forward auth, in front of every request to an app): per session (RATE_LIMIT_VERIFY_*);
// - the OpenID Provider's token, userinfo, revocation and introspection endpoints: per client
//   (its client_id from HTTP Basic, or the bearer access token), else per address (RATE_LIMIT_APP_*);
//   its browser endpoints (authorization, interaction, logout) count as sign-in pages.
// SCIM and the admin API also count failed authentications per client address.
import type { Request, RequestHandler, Response } from 'express';
import { decodeJwt } from 'jose';
import { COOKIE_NAME } from '../sessions/session-cookie.js';
import { principalOf } from '../api/principal.js';
import { sendScimError } from '../scim/scim-error.js';
import type { RateLimitPolicy } from './rate-limit-policy.js';
import type { RateLimitStore } from './rate-limit-store.js';
import { createRateLimiters } from './rate-limiters.js';
import { bearerCredential, opaqueId, rateLimit, type Presented } from './rate-limit.js';

export interface EdgeRateLimits { scim: RequestHandler; api: RequestHandler; session: RequestHandler; login: RequestHandler; verify: RequestHandler; app: RequestHandler }

export function edgeRateLimits(policy: RateLimitPolicy, store: RateLimitStore): EdgeRateLimits {
  const limiters = createRateLimiters(policy, store);
  const scimToken = bearerCredential('scim');
  const apiKey = bearerCredential('api');
  return {
    scim: rateLimit(limiters, policy, {
      credential: scimToken,
      authenticated: (_req, res) => res.locals.scim !== undefined,
      refuse: (req, res, err) => { sendScimError(req, res, err); },
    }),
    api: rateLimit(limiters, policy, {
      // An application reading the events feed with HTTP Basic counts against its own client.
      credential: (req) => (/^Basic\s/i.test(req.get('authorization') ?? '') ? appCredential(req)
        : req.get('authorization') !== undefined ? apiKey(req) : sessionCredential(req)),
      authenticated: hasPrincipal,
    }),
    session: rateLimit(limiters, policy, { credential: (req) => sessionCredential(req), addressClass: 'login' }),
    login: rateLimit(limiters, policy, { credential: () => null, addressClass: 'login' }),
    verify: rateLimit(limiters, policy, { credential: (req) => sessionCredential(req, 'verify'), addressClass: 'verify' }),
    app: rateLimit(limiters, policy, { credential: appCredential, addressClass: 'app' }),
  };
}

/** An app calling the token or userinfo endpoint: its client_id (HTTP Basic) or its access token. */
function appCredential(req: Request): Presented | null {
  const header = req.get('authorization') ?? '';
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (basic) {
    const user = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0] ?? '';
    return { cls: 'app', id: opaqueId('app', user) };
  }
  const bearer = /^(?:Bearer|DPoP)\s+(\S+)\s*$/i.exec(header);
  return bearer ? { cls: 'app', id: opaqueId('app-token', bearer[1]!) } : null;
}

/**
 * The session a cookie names, by the session secret it carries (`sec`), read without checking the
 * signature: a forged one fails authentication later (a 401, counted against the address), and a
 * genuine one keeps its secret while the cookie is re-issued. Only a hash of it is ever a key.
 */
function sessionCredential(req: Request, cls: 'session' | 'verify' = 'session'): Presented | null {
  const cookie = cookieValue(req.headers.cookie, COOKIE_NAME);
  if (!cookie) return null;
  let id = cookie;
  try {
    const { sec } = decodeJwt(cookie);
    if (typeof sec === 'string' && sec) id = sec;
  } catch {
    // Not a JWT: count it by its own value; it will not authenticate.
  }
  return { cls, id: opaqueId('session', id) };
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function hasPrincipal(req: Request, _res: Response): boolean {
  try {
    principalOf(req);
    return true;
  } catch {
    return false;
  }
}
