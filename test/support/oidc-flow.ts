// Drives OIDC sign-ins against a started Seatgate like a browser: starts the login in a cookie
// jar (reading state and nonce from the redirect, keeping the flow cookie Seatgate sets), then
// calls the redirect URI as the browser would after the IdP — with that browser's cookies, or
// with none or another browser's (login CSRF).
import { CookieJar } from './cookie-jar.js';

export interface StartedLogin { state: string; nonce: string; authorizeUrl: URL; browser: CookieJar }

export async function startOidcLogin(baseUrl: string, connId: string, returnTo?: string, browser = new CookieJar()): Promise<StartedLogin> {
  const res = await browser.fetch(`${baseUrl}/sso/oidc/${connId}/login${returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : ''}`);
  if (res.status !== 302) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  const authorizeUrl = new URL(res.headers.get('location')!);
  return { state: authorizeUrl.searchParams.get('state')!, nonce: authorizeUrl.searchParams.get('nonce')!, authorizeUrl, browser };
}

export interface CallbackOutcome { status: number; location: string | null; cookie: string | null; code: string | null }

/** Calls the callback from `browser` (default: a browser with no cookies at all). */
export async function callCallback(baseUrl: string, connId: string, params: Record<string, string>, browser = new CookieJar()): Promise<CallbackOutcome> {
  const res = await browser.fetch(`${baseUrl}/sso/oidc/${connId}/callback?${new URLSearchParams(params)}`, { headers: { accept: 'application/json' } });
  return callbackOutcome(res);
}

export async function callbackOutcome(res: Response): Promise<CallbackOutcome> {
  const text = await res.text();
  let code: string | null = null;
  try { code = JSON.parse(text).error?.code ?? null; } catch { /* redirect */ }
  const session = res.headers.getSetCookie().find((c) => c.startsWith('seatgate_session='));
  return { status: res.status, location: res.headers.get('location'), cookie: session ? session.split(';')[0]! : null, code };
}
