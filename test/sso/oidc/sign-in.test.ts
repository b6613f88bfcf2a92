import FakeTimers from '@sinonjs/fake-timers';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { makeOrg } from '../../support/fixtures.js';
import { browserSignIn, startOidcIdp, type TestOidcIdp } from '../../support/oidc-idp.js';
import { addOidcConnection } from '../../../src/domain/sso/connections.js';
import { oidcEndpoints } from '../../../src/federation/endpoints.js';
import type { SsoConnection } from '../../../src/db/schema.js';

describeEachDatabase('OIDC sign-in with oidc-provider', (kind) => {
  let server: TestServer;
  let idp: TestOidcIdp;
  let conn: SsoConnection;
  let org: Awaited<ReturnType<typeof makeOrg>>;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { SSO_FETCH_ALLOW_PRIVATE: 'true' } });
    org = await makeOrg(server.db.db, { premium: 1, standard: 1 });
    idp = await startOidcIdp(() => [conn ? oidcEndpoints(server.url, conn.id).redirectUri : 'http://127.0.0.1/not-yet']);
    conn = await addOidcConnection(server.db.db, { orgId: org.org.id, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret });
    await idp.rotateKey(); // re-mount now that the redirect URI (which names the connection) is known
  });
  afterAll(async () => { await idp.close(); await server.stop(); });

  test('code flow with PKCE signs a new person in; email comes from userinfo; the best seat is claimed', async () => {
    idp.accounts.set('sub-ada', { email: `ada@${org.domain}`, email_verified: true, name: 'Ada' });
    const out = await browserSignIn(`${server.url}/login?email=${encodeURIComponent(`ada@${org.domain}`)}&return_to=%2Fme`, 'sub-ada');
    expect(out.status).toBe(303);
    expect(out.location).toBe('/me');
    const me = await (await fetch(`${server.url}/me`, { headers: { cookie: out.cookie! } })).json() as { member: { email: string }; seat: { tier: string } };
    expect(me).toMatchObject({ member: { email: `ada@${org.domain}` }, seat: { tier: 'premium' } });
  });

  test('an IdP that says the email is unverified gets no member', async () => {
    idp.accounts.set('sub-unverified', { email: `eve@${org.domain}`, email_verified: false });
    const out = await browserSignIn(`${server.url}/sso/oidc/${conn.id}/login`, 'sub-unverified');
    expect(out.status).toBe(403);
    expect(out.body).toContain('EMAIL_NOT_VERIFIED');
  });

  test('after the IdP rotates its signing key, sign-in keeps working (JWKS re-fetched)', async () => {
    idp.accounts.set('sub-grace', { email: `grace@${org.domain}`, email_verified: true });
    idp.accounts.set('sub-ada', { email: `ada@${org.domain}`, email_verified: true });
    expect((await browserSignIn(`${server.url}/sso/oidc/${conn.id}/login`, 'sub-ada')).status).toBe(303);
    await idp.rotateKey();
    // Only Date is faked: the cached key set must be over a minute old before an unknown kid re-fetches it.
    const clock = FakeTimers.install({ toFake: ['Date'], now: Date.now() + 61_000, shouldAdvanceTime: true });
    try {
      expect((await browserSignIn(`${server.url}/sso/oidc/${conn.id}/login`, 'sub-grace')).status).toBe(303);
    } finally {
      clock.uninstall();
    }
  });
});
