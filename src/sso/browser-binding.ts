// Binds each sign-in to the browser that started it, against login CSRF (RFC 6749 §10.12, OIDC
// Core §3.1.2.1): at the start the browser gets one short-lived HttpOnly cookie per flow holding
// the SHA-256 of the flow's key (OIDC `state`, SAML AuthnRequest ID), path-scoped to the
// connection's endpoints; at the end the key's hash must be among the browser's cookies (compared
// in constant time) and that cookie is cleared. One cookie per flow, so two tabs can sign in at
// once without overwriting each other; at most MAX_FLOWS per connection and browser (the oldest go).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export const FLOW_COOKIE_PREFIX = 'seatgate_flow_';
/** A flow cookie lives as long as the state or request it binds (both 10 minutes). */
export const FLOW_TTL_MS = 10 * 60_000;
export const MAX_FLOWS = 8;

export interface FlowCookiePolicy {
  /** The connection's own path (e.g. /sso/oidc/<id>): covers its start and its callback/ACS. */
  path: string;
  secure: boolean;
  /** `lax` for a redirect back (OIDC); `none` for the IdP's cross-site POST (SAML, https only). */
  sameSite: 'lax' | 'none';
}

/** A flow cookie as the browser sent it: `<issued at, ms since the epoch>.<SHA-256 of the key, base64url>`. */
export interface PresentedFlow { name: string; issuedAt: number; hash: Buffer }

/**
 * How a connection's flow cookies are set, or null where the flow cannot be bound. OIDC returns by
 * a top-level redirect (GET), which carries SameSite=Lax cookies on http and https alike. SAML
 * returns by the IdP's cross-site POST, which carries only SameSite=None cookies, and browsers drop
 * those unless they are Secure: so SAML flows are bound only when PUBLIC_URL is https.
 */
export function flowPolicy(publicUrl: string, kind: 'oidc', connectionId: string): FlowCookiePolicy;
export function flowPolicy(publicUrl: string, kind: 'saml', connectionId: string): FlowCookiePolicy | null;
export function flowPolicy(publicUrl: string, kind: 'oidc' | 'saml', connectionId: string): FlowCookiePolicy | null {
  const url = new URL(`${publicUrl}/sso/${kind}/${connectionId}`);
  const secure = url.protocol === 'https:';
  if (kind === 'saml' && !secure) return null;
  return { path: url.pathname, secure, sameSite: kind === 'oidc' ? 'lax' : 'none' };
}

export function flowHash(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** The flow cookies the browser sent with this request (only its own connection's, by path). */
export function presentedFlows(req: Request): PresentedFlow[] {
  const out: PresentedFlow[] = [];
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    const name = eq > 0 ? part.slice(0, eq).trim() : '';
    if (!name.startsWith(FLOW_COOKIE_PREFIX)) continue;
    const m = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(part.slice(eq + 1).trim());
    if (m) out.push({ name, issuedAt: Number(m[1]), hash: Buffer.from(m[2]!, 'base64url') });
    // A browser sends at most MAX_FLOWS of ours; more means someone is stuffing cookies.
    if (out.length > 4 * MAX_FLOWS) break;
  }
  return out;
}

/** The presented flow whose hash is that of `key`, or null. Every candidate is compared in constant time. */
export function matchFlow(presented: readonly PresentedFlow[], key: string): PresentedFlow | null {
  const expected = flowHash(key);
  let found: PresentedFlow | null = null;
  for (const flow of presented) {
    if (flow.hash.length === expected.length && timingSafeEqual(flow.hash, expected) && !found) found = flow;
  }
  return found;
}

/** Gives the browser the cookie for a new flow, dropping its oldest flows beyond MAX_FLOWS. */
export function bindFlow(req: Request, res: Response, key: string, policy: FlowCookiePolicy, now: Date): void {
  // Oldest first; browsers send cookies of one path in creation order (RFC 6265 §5.4), which breaks ties.
  const live = presentedFlows(req).sort((a, b) => a.issuedAt - b.issuedAt);
  const excess = live.length - (MAX_FLOWS - 1);
  for (const [i, flow] of live.entries()) {
    if (i < excess || flow.issuedAt + FLOW_TTL_MS <= now.getTime()) clearFlow(res, flow, policy);
  }
  const name = FLOW_COOKIE_PREFIX + randomBytes(9).toString('base64url');
  res.cookie(name, `${now.getTime()}.${flowHash(key).toString('base64url')}`, { ...attributes(policy), maxAge: FLOW_TTL_MS });
}

export function clearFlow(res: Response, flow: PresentedFlow, policy: FlowCookiePolicy): void {
  res.clearCookie(flow.name, attributes(policy));
}

function attributes(policy: FlowCookiePolicy) {
  return { httpOnly: true, secure: policy.secure, sameSite: policy.sameSite, path: policy.path } as const;
}
