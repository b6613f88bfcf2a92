// Rate-limit middleware (docs/operations.md, "Rate limits"). It runs before an edge's handlers
// touch the database: the key is a hash of the presented credential (SCIM token, API key, session
// id) or of the client address, so a limited request costs no database round trip and writes
// nothing — no member, no provisioning-log row, no last-used time. On edges that authenticate,
// each 401 counts against the client address; past RATE_LIMIT_AUTH_FAILURES_PER_MINUTE only
// credentials that authenticated recently get through, so random tokens can neither slip past
// the per-credential limit nor hammer the database, while a tenant sharing an IdP's egress address
// with a misconfigured one keeps working. A limiter fault never fails a request: it is logged and
// the request goes on. Keys are hashes: no secret and no address reaches Redis in clear.
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RateLimited } from '../domain/errors.js';
import { addressKey } from './client-address.js';
import { CLASS_CREDENTIAL, type LimitClass, type RateLimitPolicy } from './rate-limit-policy.js';
import type { RateLimiters } from './rate-limiters.js';

/** A credential as the limiter sees it: its class and an opaque id derived from the secret. */
export interface Presented { cls: LimitClass; id: string }

export interface EdgeLimit {
  /** The credential the request presents, or null (then `addressClass` applies, if any). */
  credential(req: Request): Presented | null;
  /** Without a credential, count the request against the client address in this class. */
  addressClass?: LimitClass;
  /** Set on edges that authenticate: did this request authenticate? Its 401s count as failures. */
  authenticated?(req: Request, res: Response): boolean;
  /** Renders the refusal (SCIM form); by default it goes to the app's error renderer. */
  refuse?(req: Request, res: Response, err: RateLimited): void;
}

/** An opaque, stable id for a secret or an address: a SHA-256 prefix with our own label. */
export function opaqueId(label: string, value: string): string {
  return createHash('sha256').update(`seatgate rate limit\0${label}\0${value}`).digest('base64url').slice(0, 32);
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The bearer token of the Authorization header, counted in `cls`. */
export function bearerCredential(cls: LimitClass) {
  return (req: Request): Presented | null => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    return match ? { cls, id: opaqueId(cls, match[1]!) } : null;
  };
}

export function rateLimit(limiters: RateLimiters, policy: RateLimitPolicy, edge: EdgeLimit): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    let refusal: RateLimited | null = null;
    try {
      refusal = await decide(limiters, policy, edge, req, res);
    } catch (err) {
      req.log?.error({ err }, 'rate limiter failed; the request goes on unlimited');
    }
    if (!refusal) { next(); return; }
    if (edge.refuse) edge.refuse(req, res, refusal);
    else next(refusal);
  };
}

async function decide(limiters: RateLimiters, policy: RateLimitPolicy, edge: EdgeLimit, req: Request, res: Response): Promise<RateLimited | null> {
  const presented = edge.credential(req);
  const cls = presented?.cls ?? edge.addressClass;
  const guard = edge.authenticated;
  const address = presented && !guard ? null : opaqueId('address', addressKey(req.ip));
  const key = presented?.id ?? address;
  if (guard) res.once('finish', () => { void afterResponse(limiters, address!, presented, guard(req, res), res.statusCode, req); });
  // The failure check comes first, so a sprayed token refused there leaves no counter behind.
  const failureWait = guard ? await limiters.failureWait(address!) : null;
  if (failureWait !== null && !(presented && await limiters.isKnown(presented.id))) {
    return new RateLimited('client_address', failureWait, null);
  }
  const own = cls && key ? await limiters.take(cls, key) : null;
  if (own !== null && cls) return new RateLimited(presented ? CLASS_CREDENTIAL[cls] : 'client_address', own, policy.classes[cls]!.advertised);
  return null;
}

async function afterResponse(limiters: RateLimiters, address: string, presented: Presented | null, authenticated: boolean, status: number, req: Request): Promise<void> {
  try {
    if (status === 401) await limiters.recordFailure(address);
    else if (presented && authenticated) await limiters.markKnown(presented.id);
  } catch (err) {
    req.log?.error({ err }, 'rate limiter could not record the outcome of a request');
  }
}
