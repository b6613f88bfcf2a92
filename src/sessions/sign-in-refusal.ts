// A sign-in that was started on behalf of an application (the OpenID Provider's interaction step
// sends the browser through /login with a return URL under APP_SIGN_IN_PATH) must end at that
// application even when it is refused, so the app can answer `access_denied` with the reason. The
// SSO edge hands the refusal back as a short-lived token in the return URL, signed with the
// session key and bound to that URL's path; the OP edge verifies it. The token only says why a
// sign-in failed: it grants nothing, and a forged or stale one is ignored.
import { SignJWT, jwtVerify } from 'jose';
import type { CookieSettings } from './session-cookie.js';

/** Where the OpenID Provider resumes an authorization after a sign-in. */
export const APP_SIGN_IN_PATH = '/oidc/interaction/';
export const REFUSAL_PARAM = 'refused';
const AUDIENCE = 'seatgate:sign-in-refusal';
const TTL_SECONDS = 120;

export interface SignInRefusal { code: string; reason: string }

/** True when `target` (an allow-listed return URL) resumes an application's sign-in. */
export function resumesAppSignIn(target: string, publicUrl: string): boolean {
  const url = new URL(target, publicUrl);
  return url.origin === new URL(publicUrl).origin && url.pathname.startsWith(APP_SIGN_IN_PATH);
}

/** The return URL with the refusal attached. */
export async function withRefusal(target: string, publicUrl: string, refusal: SignInRefusal, s: CookieSettings, now: Date): Promise<string> {
  const url = new URL(target, publicUrl);
  const nowSec = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({ code: refusal.code, reason: refusal.reason.slice(0, 500), path: url.pathname })
    .setProtectedHeader({ alg: 'HS256' }).setAudience(AUDIENCE).setIssuedAt(nowSec).setExpirationTime(nowSec + TTL_SECONDS).sign(await s.key());
  url.searchParams.set(REFUSAL_PARAM, token);
  return url.pathname + url.search;
}

/** The refusal a resumed request carries for `path`, or null (none, forged, stale, or for another path). */
export async function readRefusal(token: unknown, path: string, s: CookieSettings, now: Date): Promise<SignInRefusal | null> {
  if (typeof token !== 'string' || token.length > 2000) return null;
  const key = await s.key();
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], audience: AUDIENCE, currentDate: now });
    if (payload.path !== path || typeof payload.code !== 'string' || typeof payload.reason !== 'string') return null;
    return { code: payload.code, reason: payload.reason };
  } catch {
    return null;
  }
}
