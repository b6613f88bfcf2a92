// Drives SAML sign-ins against a started Seatgate: starts SP-initiated logins in a browser (a
// cookie jar keeping the flow cookie Seatgate sets on https), posts responses to the ACS like that
// browser would — or like another one — and reads the outcome (status, refusal code, session cookie).
import type { Kysely } from 'kysely';
import type { Database, SsoConnection } from '../../src/db/schema.js';
import { addSamlConnection } from '../../src/domain/sso/connections.js';
import { authnRequestId, createTestSamlIdp, type TestSamlIdp } from './saml-idp.js';
import { CookieJar } from './cookie-jar.js';

export interface SamlSetup { idp: TestSamlIdp; conn: SsoConnection; spMetadata: string }

export async function addTestSamlConnection(db: Kysely<Database>, baseUrl: string, orgId: string, opts: { allowIdpInitiated?: boolean; wantAssertionsSigned?: boolean; wantResponseSigned?: boolean; certs?: string[] } = {}): Promise<SamlSetup> {
  const idp = createTestSamlIdp();
  const conn = await addSamlConnection(db, {
    orgId, idpEntityId: idp.entityId, ssoUrl: idp.ssoUrl, certificates: (opts.certs ?? ['idp']).map((n) => idp.certificate(n)),
    allowIdpInitiated: opts.allowIdpInitiated ?? false, wantResponseSigned: opts.wantResponseSigned ?? false,
    ...(opts.wantAssertionsSigned !== undefined ? { wantAssertionsSigned: opts.wantAssertionsSigned } : {}),
  });
  const spMetadata = await (await fetch(`${baseUrl}/sso/saml/${conn.id}/metadata`)).text();
  return { idp, conn, spMetadata };
}

/** Starts an SP-initiated login and returns the AuthnRequest id the IdP would answer. */
export async function startSamlLogin(baseUrl: string, connId: string, returnTo?: string, browser = new CookieJar()): Promise<{ requestId: string; relayState: string | null; browser: CookieJar }> {
  const res = await browser.fetch(`${baseUrl}/sso/saml/${connId}/login${returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : ''}`);
  if (res.status !== 302) throw new Error(`login answered ${res.status}`);
  const location = res.headers.get('location')!;
  return { requestId: authnRequestId(location), relayState: new URL(location).searchParams.get('RelayState'), browser };
}

export interface AcsOutcome { status: number; location: string | null; cookie: string | null; code: string | null; body: string }

/** Posts to the ACS from `browser` (default: a browser with no cookies at all). */
export async function postToAcs(baseUrl: string, connId: string, samlResponse: string, relayState?: string | null, browser = new CookieJar()): Promise<AcsOutcome> {
  const form = new URLSearchParams({ SAMLResponse: samlResponse, ...(relayState ? { RelayState: relayState } : {}) });
  const res = await browser.fetch(`${baseUrl}/sso/saml/${connId}/acs`, { method: 'POST', body: form, headers: { accept: 'application/json' } });
  const body = await res.text();
  let code: string | null = null;
  try { code = JSON.parse(body).error?.code ?? null; } catch { /* a redirect has no JSON body */ }
  const session = res.headers.getSetCookie().find((c) => c.startsWith('seatgate_session='));
  return { status: res.status, location: res.headers.get('location'), cookie: session ? session.split(';')[0]! : null, code, body };
}
