// The sign-in session: a JWT (HS256, jose) in an HttpOnly, SameSite=Lax cookie, Secure when
// Seatgate is served over https. It carries member, org, role, seat tier and the tier's
// entitlements. It ends after the idle timeout (each use slides it) and in any case at the
// absolute limit from sign-in (FIELD-NOTES: ~15 min / ~8 h).
import { SignJWT, jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Role, Tier } from '../../db/schema.js';
import { entitlementsFor, type Entitlements } from '../../domain/seats/entitlements.js';

export const COOKIE_NAME = 'seatgate_session';

export interface SessionClaims {
  memberId: string;
  orgId: string;
  email: string;
  role: Role;
  tier: Tier;
  entitlements: Entitlements;
  /** Seconds since the epoch when the person signed in. */
  authTime: number;
  sessionId: string;
}

export interface SessionSettings { key: () => Promise<Uint8Array>; idleMs: number; absoluteMs: number; secure: boolean }

export async function issueSession(res: Response, s: SessionSettings, who: Omit<SessionClaims, 'entitlements' | 'authTime' | 'sessionId'> & { authTime?: number; sessionId?: string }, now: Date): Promise<void> {
  const nowSec = Math.floor(now.getTime() / 1000);
  const authTime = who.authTime ?? nowSec;
  const exp = Math.min(nowSec + Math.floor(s.idleMs / 1000), authTime + Math.floor(s.absoluteMs / 1000));
  const jwt = await new SignJWT({ org: who.orgId, email: who.email, role: who.role, tier: who.tier, ent: entitlementsFor(who.tier), auth_time: authTime })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(who.memberId).setJti(who.sessionId ?? randomUUID())
    .setIssuedAt(nowSec).setExpirationTime(exp).sign(await s.key());
  res.cookie(COOKIE_NAME, jwt, { httpOnly: true, secure: s.secure, sameSite: 'lax', path: '/', maxAge: (exp - nowSec) * 1000 });
}

export async function readSession(req: Request, s: SessionSettings, now: Date): Promise<SessionClaims | null> {
  const token = cookieValue(req.headers.cookie, COOKIE_NAME);
  if (!token) return null;
  // Outside the try: a key that cannot be loaded (database down) is an outage, not a bad cookie.
  const key = await s.key();
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], currentDate: now });
    const authTime = Number(payload.auth_time);
    if (!Number.isFinite(authTime) || now.getTime() / 1000 >= authTime + s.absoluteMs / 1000) return null;
    return {
      memberId: String(payload.sub), orgId: String(payload.org), email: String(payload.email), role: payload.role as Role,
      tier: payload.tier as Tier, entitlements: payload.ent as Entitlements, authTime, sessionId: String(payload.jti),
    };
  } catch {
    return null;
  }
}

export function clearSession(res: Response, s: SessionSettings): void {
  res.clearCookie(COOKIE_NAME, { httpOnly: true, secure: s.secure, sameSite: 'lax', path: '/' });
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}
