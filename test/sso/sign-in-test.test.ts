// Test sign-ins from the Identity page: an Owner, signed in, starts a sign-in with ?test=1 (SAML
// through the test IdP, OIDC through oidc-provider). The IdP's answer passes every check as a real
// one would, and Seatgate shows what the IdP sent and what a real sign-in would do — and signs
// nobody in, creates nobody, links nothing: the Owner's own session is the same one afterwards.
// Only an Owner of the connection's organization can start a test; an ordinary sign-in after a
// test is a real one.
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { addTestSamlConnection, postToAcs, type SamlSetup } from '../support/saml-flow.js';
import { authnRequestId } from '../support/saml-idp.js';
import { CookieJar } from '../support/cookie-jar.js';
import { consoleSignIn } from '../support/console-session.js';
import { browserSignIn, startOidcIdp, type TestOidcIdp } from '../support/oidc-idp.js';
import { addOidcConnection } from '../../src/domain/sso/connections.js';
import { oidcEndpoints } from '../../src/federation/endpoints.js';
import { listEvents } from '../../src/domain/log/provisioning-log.js';
import type { SsoConnection } from '../../src/db/schema.js';

describeEachDatabase('test sign-ins of an SSO connection', (kind) => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  let idp: TestOidcIdp;
  let oidc: SsoConnection;
  let owner: CookieJar;
  let ownerCookie: string;

  beforeAll(async () => {
    s = await startTestServer(kind, { env: { SSO_FETCH_ALLOW_PRIVATE: 'true' } });
    org = await makeOrg(s.db.db, { premium: 1, standard: 2 }, { primaryOwnerEmail: 'olivia@tests.example', domain: 'tests.example', slug: `tests-${kind}` });
    saml = await addTestSamlConnection(s.db.db, s.url, org.org.id);
    idp = await startOidcIdp(() => [oidc ? oidcEndpoints(s.url, oidc.id).redirectUri : 'http://127.0.0.1/not-yet']);
    oidc = await addOidcConnection(s.db.db, { orgId: org.org.id, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, label: 'Entra ID' });
    await idp.rotateKey();
    ownerCookie = await consoleSignIn(s.url, s.db.db, org.org.slug, 'olivia@tests.example');
    owner = jarWith(ownerCookie);
  });
  afterAll(async () => { await idp?.close(); await s?.stop(); });

  function jarWith(cookie: string): CookieJar {
    const jar = new CookieJar();
    const eq = cookie.indexOf('=');
    jar.cookies.push({ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), host: '127.0.0.1', path: '/', expiresAt: null, attributes: {} });
    return jar;
  }

  /** Starts a SAML test from `browser`, lets the IdP answer for `email`, posts the answer as the IdP's page would. */
  async function samlTest(browser: CookieJar, email: string, nameId = `idp-${email}`) {
    const start = await browser.fetch(`${s.url}/sso/saml/${saml.conn.id}/login?test=1`);
    expect(start.status).toBe(302);
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: authnRequestId(start.headers.get('location')!), email, nameId });
    const res = await browser.fetch(`${s.url}/sso/saml/${saml.conn.id}/acs`, { method: 'POST', body: new URLSearchParams({ SAMLResponse: response }), headers: { accept: 'text/html' } });
    return { status: res.status, html: await res.text(), setCookie: res.headers.getSetCookie() };
  }

  const memberEmails = async () => (await s.db.db.selectFrom('members').select('email').where('org_id', '=', org.org.id).orderBy('email').execute()).map((m) => m.email);
  const whoAmI = async (cookie: string) => (await (await fetch(`${s.url}/api/v1/me`, { headers: { cookie } })).json() as { member: { email: string } }).member.email;

  test('a SAML test for a new person shows what the IdP sent and that a first sign-in creates them, and signs nobody in', async () => {
    const out = await samlTest(owner, 'new.person@tests.example');
    expect(out.status).toBe(200);
    expect(out.html).toContain('<h1>Test sign-in worked</h1>');
    expect(out.html).toContain('<dd>idp-new.person@tests.example</dd>');
    expect(out.html).toContain('Nobody in Org tests-');
    expect(out.html).toContain('the first sign-in creates a member with a standard seat');
    expect(out.html).toContain('href="/admin/identity"');
    expect(out.setCookie.filter((c) => c.startsWith('seatgate_session='))).toEqual([]);
    expect(await memberEmails()).toEqual(['olivia@tests.example']);
    expect(await s.db.db.selectFrom('member_sso_identities').select('subject').where('org_id', '=', org.org.id).execute()).toEqual([]);
    expect(await whoAmI(ownerCookie)).toBe('olivia@tests.example');
    const logged = await listEvents(s.db.db, org.org.id, { events: ['sso.tested'] });
    expect(logged.events[0]).toMatchObject({ subject: 'new.person@tests.example', method: 'admin', actor: { type: 'member', label: 'olivia@tests.example' }, detail: { outcome: 'creates' } });
  });

  test('a test for an existing member says they would be signed in, linked at their first sign-in, without linking them', async () => {
    const out = await samlTest(owner, 'olivia@tests.example');
    expect(out.html).toContain('olivia@tests.example is a member (primary owner, premium seat) who has not signed in through');
    expect(await s.db.db.selectFrom('member_sso_identities').select('subject').where('org_id', '=', org.org.id).execute()).toEqual([]);
  });

  test('a test for an email off the verified domains says a real sign-in would be refused, and why', async () => {
    const out = await samlTest(owner, 'someone@elsewhere.example');
    expect(out.status).toBe(200);
    expect(out.html).toContain('Test sign-in: this person would be refused');
    expect(out.html).toContain('A real sign-in would be refused: someone@elsewhere.example is not on one of the organization&#39;s verified domains.');
    const logged = await listEvents(s.db.db, org.org.id, { events: ['sso.tested'] });
    expect(logged.events[0]).toMatchObject({ reason: expect.stringContaining('verified domains'), detail: { outcome: 'refused', code: 'DOMAIN_NOT_VERIFIED' } });
  });

  test('an OIDC test through oidc-provider shows the identity; the Owner stays signed in as themselves', async () => {
    idp.accounts.set('sub-tess', { email: 'tess@tests.example', email_verified: true, name: 'Tess Tester' });
    const browser = jarWith(ownerCookie);
    const out = await browserSignIn(`${s.url}/sso/oidc/${oidc.id}/login?test=1`, 'sub-tess', { browser });
    expect(out.status).toBe(200);
    expect(out.body).toContain('<h1>Test sign-in worked</h1>');
    expect(out.body).toContain('<dd>Tess Tester</dd>');
    expect(out.cookie).toBe(ownerCookie);
    expect(await whoAmI(ownerCookie)).toBe('olivia@tests.example');
    expect(await memberEmails()).toEqual(['olivia@tests.example']);
  });

  test('only a signed-in Owner of the connection\'s organization can start a test', async () => {
    expect((await fetch(`${s.url}/sso/saml/${saml.conn.id}/login?test=1`, { redirect: 'manual', headers: { accept: 'application/json' } })).status).toBe(401);
    const other = await makeOrg(s.db.db, { premium: 0, standard: 1 }, { primaryOwnerEmail: `pat@other-${kind}.example`, domain: `other-${kind}.example` });
    const outsider = await consoleSignIn(s.url, s.db.db, other.org.slug, `pat@other-${kind}.example`);
    expect((await fetch(`${s.url}/sso/saml/${saml.conn.id}/login?test=1`, { redirect: 'manual', headers: { cookie: outsider, accept: 'application/json' } })).status).toBe(404);
    const admin = await makeAdmin('ada@tests.example');
    const refused = await fetch(`${s.url}/sso/oidc/${oidc.id}/login?test=1`, { redirect: 'manual', headers: { cookie: admin, accept: 'application/json' } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('ROLE_FORBIDDEN');
  });

  test('a sign-in without ?test is a real one, even in the browser of an Owner who tested before', async () => {
    const start = await owner.fetch(`${s.url}/sso/saml/${saml.conn.id}/login`);
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: authnRequestId(start.headers.get('location')!), email: 'real.person@tests.example', nameId: 'idp-real' });
    const out = await postToAcs(s.url, saml.conn.id, response);
    expect(out.status).toBe(303);
    expect(out.cookie).toMatch(/^seatgate_session=/);
    expect(await memberEmails()).toContain('real.person@tests.example');
  });

  /** A member made Admin, signed in through SAML (console links are for Owners). */
  async function makeAdmin(email: string): Promise<string> {
    const start = await fetch(`${s.url}/sso/saml/${saml.conn.id}/login`, { redirect: 'manual' });
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: authnRequestId(start.headers.get('location')!), email, nameId: `idp-${email}` });
    const out = await postToAcs(s.url, saml.conn.id, response);
    await s.db.db.updateTable('members').set({ role: 'admin' }).where('org_id', '=', org.org.id).where('email', '=', email).execute();
    return out.cookie!;
  }
});
