// An application behind Seatgate, for tests: a real openid-client relying party (discovery, PKCE,
// code exchange, refresh, userinfo) and a browser (cookie jar, manual redirects) that follows an
// authorization through Seatgate's interaction step, home realm discovery and a SAML sign-in at a
// test IdP, JIT included, back to the app's redirect URI.
import * as client from 'openid-client';
import { CookieJar } from './cookie-jar.js';
import { authnRequestId } from './saml-idp.js';
import type { SamlSetup } from './saml-flow.js';

export const CALLBACK = 'http://127.0.0.1:65000/callback';

export interface TestRp { config: client.Configuration; clientId: string; secret: string }

export async function relyingParty(issuer: string, clientId: string, secret: string): Promise<TestRp> {
  const config = await client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(secret), { execute: [client.allowInsecureRequests] });
  return { config, clientId, secret };
}

export interface Started { url: URL; verifier: string; state: string; nonce: string }

export async function authorizationRequest(rp: TestRp, params: Record<string, string> = {}): Promise<Started> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(rp.config, {
    redirect_uri: CALLBACK, scope: 'openid email profile', state, nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...params,
  });
  return { url, verifier, state, nonce };
}

/** Follows redirects in `browser` until one leaves Seatgate (the app's callback) or a page answers. */
export async function follow(browser: CookieJar, start: string, base: string, max = 15): Promise<{ status: number; location: string; body: string }> {
  let url = start;
  for (let i = 0; i < max; i++) {
    const res = await browser.fetch(url, { headers: { accept: 'text/html' } });
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return { status: res.status, location: url, body: await res.text() };
    await res.body?.cancel();
    url = new URL(location, url).toString();
    if (!url.startsWith(base)) return { status: res.status, location: url, body: '' };
  }
  throw new Error(`more than ${max} redirects from ${start}`);
}

export interface SignInAt { saml: SamlSetup; base: string; email: string; nameId?: string }

/**
 * Runs the whole authorization in `browser`: to Seatgate's login (the person types their email),
 * to the IdP, back through the ACS and the interaction step, to the app. Returns the callback URL
 * the browser lands on (with `code`, or `error`).
 */
export async function signInThroughSeatgate(browser: CookieJar, started: Started, at: SignInAt): Promise<URL> {
  const toLogin = await follow(browser, started.url.toString(), at.base);
  const here = new URL(toLogin.location);
  if (!here.toString().startsWith(at.base)) return here;
  if (here.pathname !== '/login') throw new Error(`expected the login page, got ${toLogin.status} at ${here}: ${toLogin.body.slice(0, 300)}`);
  here.searchParams.set('email', at.email);
  const toIdp = await follow(browser, here.toString(), at.base);
  const idpUrl = new URL(toIdp.location);
  const response = await at.saml.idp.respond({ spMetadata: at.saml.spMetadata, inResponseTo: authnRequestId(idpUrl.toString()), email: at.email, nameId: at.nameId ?? at.email });
  const form = new URLSearchParams({ SAMLResponse: response, RelayState: idpUrl.searchParams.get('RelayState') ?? '' });
  const acs = await browser.fetch(`${at.base}/sso/saml/${at.saml.conn.id}/acs`, { method: 'POST', body: form, headers: { accept: 'text/html' } });
  const next = acs.headers.get('location');
  if (!next) throw new Error(`the ACS answered ${acs.status}: ${(await acs.text()).slice(0, 300)}`);
  const done = await follow(browser, new URL(next, at.base).toString(), at.base);
  return new URL(done.location);
}

export async function exchange(rp: TestRp, callback: URL, started: Started) {
  return client.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: started.verifier, expectedState: started.state, expectedNonce: started.nonce });
}

export { client, CookieJar };
