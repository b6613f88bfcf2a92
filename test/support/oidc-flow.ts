// Drives OIDC sign-ins against a started Seatgate: starts the login (reading state and nonce
// from the redirect), then calls the redirect URI as the browser would after the IdP.
export interface StartedLogin { state: string; nonce: string; authorizeUrl: URL }

export async function startOidcLogin(baseUrl: string, connId: string, returnTo?: string): Promise<StartedLogin> {
  const res = await fetch(`${baseUrl}/sso/oidc/${connId}/login${returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : ''}`, { redirect: 'manual' });
  if (res.status !== 302) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  const authorizeUrl = new URL(res.headers.get('location')!);
  return { state: authorizeUrl.searchParams.get('state')!, nonce: authorizeUrl.searchParams.get('nonce')!, authorizeUrl };
}

export interface CallbackOutcome { status: number; location: string | null; cookie: string | null; code: string | null }

export async function callCallback(baseUrl: string, connId: string, params: Record<string, string>): Promise<CallbackOutcome> {
  const res = await fetch(`${baseUrl}/sso/oidc/${connId}/callback?${new URLSearchParams(params)}`, { redirect: 'manual', headers: { accept: 'application/json' } });
  const text = await res.text();
  let code: string | null = null;
  try { code = JSON.parse(text).error?.code ?? null; } catch { /* redirect */ }
  const setCookie = res.headers.get('set-cookie');
  return { status: res.status, location: res.headers.get('location'), cookie: setCookie ? setCookie.split(';')[0]! : null, code };
}
