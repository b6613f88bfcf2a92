// The session cookie: a JWT (HS256, jose) holding only the session's secret, in an HttpOnly,
// SameSite=Lax cookie, Secure when Seatgate is served over https. The signature turns away forged
// or garbled cookies before any database look-up; whether the session still counts is decided by
// its row (src/domain/sessions/sessions.ts), never by the cookie.
import { SignJWT, jwtVerify } from 'jose';
import type { Request, Response } from 'express';

export const COOKIE_NAME = 'seatgate_session';
const AUDIENCE = 'seatgate:session';
const MAX_COOKIE_LENGTH = 1024;

export interface CookieSettings {
  key: () => Promise<Uint8Array>;
  secure: boolean;
  /** SESSION_COOKIE_DOMAIN: shared with the apps on its subdomains (forward auth); unset = PUBLIC_URL's host only. */
  domain?: string | undefined;
}

export async function writeSessionCookie(res: Response, s: CookieSettings, secret: string, expiresAt: Date, now: Date): Promise<void> {
  const nowSec = Math.floor(now.getTime() / 1000);
  const exp = Math.floor(expiresAt.getTime() / 1000);
  const jwt = await new SignJWT({ sec: secret }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setAudience(AUDIENCE)
    .setIssuedAt(nowSec).setExpirationTime(exp).sign(await s.key());
  res.cookie(COOKIE_NAME, jwt, { httpOnly: true, secure: s.secure, sameSite: 'lax', path: '/', maxAge: (exp - nowSec) * 1000, ...(s.domain ? { domain: s.domain } : {}) });
}

/** The session secret the request's cookie carries, when its signature holds; otherwise null. */
export async function readSessionCookie(req: Request, s: CookieSettings, now: Date): Promise<string | null> {
  const token = cookieValue(req.headers.cookie, COOKIE_NAME);
  if (!token || token.length > MAX_COOKIE_LENGTH) return null;
  // Outside the try: a key that cannot be loaded (database down) is an outage, not a bad cookie.
  const key = await s.key();
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], audience: AUDIENCE, currentDate: now, requiredClaims: ['exp'] });
    return typeof payload.sec === 'string' ? payload.sec : null;
  } catch {
    return null;
  }
}

export function clearSessionCookie(res: Response, s: CookieSettings): void {
  res.clearCookie(COOKIE_NAME, { httpOnly: true, secure: s.secure, sameSite: 'lax', path: '/', ...(s.domain ? { domain: s.domain } : {}) });
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try { return decodeURIComponent(part.slice(eq + 1).trim()); } catch { return null; }
    }
  }
  return null;
}
