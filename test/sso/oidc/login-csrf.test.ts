// Login CSRF in OIDC (RFC 6749 §10.12, OIDC Core §3.1.2.1): browser A signs in at the real IdP
// (oidc-provider) and stops before Seatgate's callback — the URL an attacker would hand a victim.
// Browser B, with no cookies or with its own sign-in's, completing that callback is refused with
// OIDC_STATE_NOT_THIS_BROWSER before the code is redeemed, and the refusal is in the provisioning
// log; the browser that started a sign-in completes it, also in two tabs at once.
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { makeOrg } from '../../support/fixtures.js';
import { CookieJar } from '../../support/cookie-jar.js';
import { browserSignIn, startOidcIdp, type TestOidcIdp } from '../../support/oidc-idp.js';
import { callbackOutcome, startOidcLogin } from '../../support/oidc-flow.js';
import { addOidcConnection } from '../../../src/domain/sso/connections.js';
import { oidcEndpoints } from '../../../src/federation/endpoints.js';
import { listEvents } from '../../../src/domain/log/provisioning-log.js';
import { flowHash, MAX_FLOWS } from '../../../src/sso/browser-binding.js';
import type { SsoConnection } from '../../../src/db/schema.js';

describeEachDatabase('OIDC sign-ins are bound to the browser that started them', (kind) => {
  let server: TestServer;
  let idp: TestOidcIdp;
  let conn: SsoConnection;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let n = 0;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { SSO_FETCH_ALLOW_PRIVATE: 'true' } });
    org = await makeOrg(server.db.db, { premium: 0, standard: 20 });
    idp = await startOidcIdp(() => [conn ? oidcEndpoints(server.url, conn.id).redirectUri : 'http://127.0.0.1/not-yet']);
    conn = await addOidcConnection(server.db.db, { orgId: org.org.id, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret });
    await idp.rotateKey(); // re-mount now that the redirect URI (which names the connection) is known
  });
  afterAll(async () => { await idp.close(); await server.stop(); });

  const start = () => `${server.url}/sso/oidc/${conn.id}/login`;
  function person(): string {
    const sub = `sub-${++n}`;
    idp.accounts.set(sub, { email: `p${n}@${org.domain}`, email_verified: true });
    return sub;
  }
  const complete = async (callbackUrl: string, browser: CookieJar) => callbackOutcome(await browser.fetch(callbackUrl, { headers: { accept: 'application/json' } }));

  test('the flow cookie is HttpOnly, SameSite=Lax, scoped to the connection, lives as long as the state, and is cleared after use', async () => {
    const browser = new CookieJar();
    const { callbackUrl } = await browserSignIn(start(), person(), { browser, stopAtCallback: true });
    const [flow, ...others] = browser.named('seatgate_flow_');
    expect(others).toEqual([]);
    expect(flow!.attributes).toMatchObject({ httponly: true, samesite: 'Lax', path: `/sso/oidc/${conn.id}`, 'max-age': '600' });
    expect(flow!.attributes.secure).toBeUndefined(); // plain-http PUBLIC_URL in this test
    expect(flow!.value.split('.')[1]).toBe(flowHash(new URL(callbackUrl).searchParams.get('state')!).toString('base64url'));
    expect((await complete(callbackUrl, browser)).status).toBe(303);
    expect(browser.named('seatgate_flow_')).toEqual([]);
  });

  test('a browser with no cookies completing another browser\'s callback is refused, logged, and signs nobody in; the first browser then finishes', async () => {
    const a = new CookieJar();
    const sub = person();
    const { callbackUrl } = await browserSignIn(start(), sub, { browser: a, stopAtCallback: true });
    const b = await complete(callbackUrl, new CookieJar());
    expect({ status: b.status, code: b.code, cookie: b.cookie }).toEqual({ status: 403, code: 'OIDC_STATE_NOT_THIS_BROWSER', cookie: null });
    expect(await server.db.db.selectFrom('members').select('id').where('email', '=', idp.accounts.get(sub)!.email).execute()).toEqual([]);
    const { events } = await listEvents(server.db.db, org.org.id, { events: ['sso.rejected'], limit: 1 });
    expect(events[0]).toMatchObject({ outcome: 'rejected', actor: { type: 'sso_connection', id: conn.id }, detail: { code: 'OIDC_STATE_NOT_THIS_BROWSER' } });
    // The code was not redeemed and the state not used up: the browser that started it signs in.
    const own = await complete(callbackUrl, a);
    expect(own.status).toBe(303);
    const me = await (await fetch(`${server.url}/me`, { headers: { cookie: own.cookie! } })).json() as { member: { email: string } };
    expect(me.member.email).toBe(idp.accounts.get(sub)!.email);
  });

  test('a browser with cookies of its own sign-in cannot complete another browser\'s callback', async () => {
    const attacker = await browserSignIn(start(), person(), { browser: new CookieJar(), stopAtCallback: true });
    const victim = new CookieJar();
    const own = await browserSignIn(start(), person(), { browser: victim, stopAtCallback: true });
    expect((await complete(attacker.callbackUrl, victim)).code).toBe('OIDC_STATE_NOT_THIS_BROWSER');
    expect((await complete(own.callbackUrl, victim)).status).toBe(303);
  });

  test('two tabs of one browser sign in at once and finish in either order', async () => {
    const browser = new CookieJar();
    const sub = person();
    const first = await browserSignIn(start(), sub, { browser, stopAtCallback: true });
    const second = await browserSignIn(start(), sub, { browser, stopAtCallback: true });
    expect(browser.named('seatgate_flow_')).toHaveLength(2);
    expect((await complete(second.callbackUrl, browser)).status).toBe(303);
    expect((await complete(first.callbackUrl, browser)).status).toBe(303);
  });

  test(`one browser holds at most ${MAX_FLOWS} flow cookies per connection, dropping the oldest`, async () => {
    const browser = new CookieJar();
    const states: string[] = [];
    for (let i = 0; i < MAX_FLOWS + 2; i++) states.push((await startOidcLogin(server.url, conn.id, undefined, browser)).state);
    const held = browser.named('seatgate_flow_').map((c) => c.value.split('.')[1]);
    expect(held).toEqual(states.slice(2).map((s) => flowHash(s).toString('base64url')));
  });
});
