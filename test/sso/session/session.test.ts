import { startTestServer, type TestServer } from '../../support/server.js';
import { ctx, makeOrg, ManualClock } from '../../support/fixtures.js';
import { addTestSamlConnection, postToAcs, startSamlLogin, type SamlSetup } from '../../support/saml-flow.js';
import { suspend } from '../../../src/domain/members/lifecycle.js';

describe('session cookie', () => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    server = await startTestServer('pglite', { clock });
    org = await makeOrg(server.db.db, { premium: 0, standard: 10 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
  });
  afterAll(() => server.stop());

  async function signInAs(name: string) {
    clock.set(new Date());
    const { requestId } = await startSamlLogin(server.url, saml.conn.id);
    const out = await postToAcs(server.url, saml.conn.id, await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `${name}@${org.domain}`, nameId: name }));
    return out;
  }

  const me = (cookie: string | null) => fetch(`${server.url}/me`, { headers: cookie ? { cookie } : {} });

  test('is HttpOnly and SameSite=Lax, and not Secure on plain http', async () => {
    const { requestId } = await startSamlLogin(server.url, saml.conn.id);
    const res = await fetch(`${server.url}/sso/saml/${saml.conn.id}/acs`, {
      method: 'POST', redirect: 'manual',
      body: new URLSearchParams({ SAMLResponse: await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `flags@${org.domain}`, nameId: 'flags' }) }),
    });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
  });

  test('/me carries member, org, role, seat tier and the tier\'s entitlements', async () => {
    const out = await signInAs('me1');
    const body = await (await me(out.cookie)).json();
    expect(body).toMatchObject({ member: { email: `me1@${org.domain}`, role: 'member' }, org: { id: org.org.id }, seat: { tier: 'standard' }, entitlements: { features: ['chat', 'documents'] } });
  });

  test('without a cookie, or with a forged one, /me answers 401', async () => {
    expect((await me(null)).status).toBe(401);
    const out = await signInAs('forger');
    const [h, p] = out.cookie!.split('=')[1]!.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'owner' })).toString('base64url');
    expect((await me(`seatgate_session=${h}.${forged}.AAAA`)).status).toBe(401);
  });

  test('ends after 15 idle minutes', async () => {
    const out = await signInAs('idle');
    clock.advance(16 * 60_000);
    expect((await me(out.cookie)).status).toBe(401);
  });

  test('slides while used, but ends 8 hours after sign-in whatever happens', async () => {
    let { cookie } = await signInAs('busy');
    for (let hour = 0; hour < 8 * 6; hour++) {
      clock.advance(10 * 60_000);
      const res = await me(cookie);
      if (res.status !== 200) { expect(hour).toBe(8 * 6 - 1); return; }
      cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    }
    throw new Error('the session outlived its absolute limit');
  });

  test('a member suspended after signing in loses the session at once', async () => {
    const out = await signInAs('suspended');
    const { id } = await server.db.db.selectFrom('members').select('id').where('email', '=', `suspended@${org.domain}`).executeTakeFirstOrThrow();
    await server.db.db.transaction().execute((tx) => suspend(tx, org.org.id, id, ctx('scim')));
    expect((await me(out.cookie)).status).toBe(401);
  });

  test('POST /logout clears the cookie; a cross-site logout is refused', async () => {
    const out = await signInAs('bye');
    expect((await fetch(`${server.url}/logout`, { method: 'POST', headers: { cookie: out.cookie!, origin: 'https://evil.example' } })).status).toBe(400);
    const res = await fetch(`${server.url}/logout`, { method: 'POST', headers: { cookie: out.cookie!, accept: 'application/json' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/seatgate_session=;/);
  });
});

describe('session cookie over https', () => {
  test('is Secure when PUBLIC_URL is https', async () => {
    const server = await startTestServer('pglite', { env: { PUBLIC_URL: 'https://seatgate.example.com' } });
    try {
      const org = await makeOrg(server.db.db, { premium: 0, standard: 1 });
      const saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
      // On https the response must come from the browser that started the sign-in (its flow cookie).
      const { requestId, browser } = await startSamlLogin(server.url, saml.conn.id);
      const res = await browser.fetch(`${server.url}/sso/saml/${saml.conn.id}/acs`, {
        method: 'POST',
        body: new URLSearchParams({ SAMLResponse: await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `tls@${org.domain}`, nameId: 'tls' }) }),
      });
      expect(res.status).toBe(303);
      expect(res.headers.getSetCookie().find((c) => c.startsWith('seatgate_session='))).toMatch(/; Secure/);
    } finally {
      await server.stop();
    }
  });
});
