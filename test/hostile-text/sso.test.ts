// SSO × hostile text, through the real test IdPs: samlify signs responses whose NameID,
// InResponseTo or attributes (email, names, groups) carry a NUL or an unpaired surrogate (as the
// character references &#0; / &#xD800;, see test/support/saml-idp.ts), and oidc-provider issues
// ID tokens and userinfo whose sub, email or names carry one. Each sign-in is refused with 400
// and SAML_INVALID_TEXT / OIDC_INVALID_TEXT after the signature was verified, logged for the org
// (without the bad text), and creates no member and no identity link.
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { addTestSamlConnection, postToAcs, startSamlLogin, type SamlSetup } from '../support/saml-flow.js';
import type { ResponseOptions } from '../support/saml-idp.js';
import { browserSignIn, startOidcIdp, type Account, type TestOidcIdp } from '../support/oidc-idp.js';
import { addOidcConnection } from '../../src/domain/sso/connections.js';
import { oidcEndpoints } from '../../src/federation/endpoints.js';
import type { SsoConnection } from '../../src/db/schema.js';
import { HOSTILE, loggedSince, logMark, snapshot, storable } from './support.js';

type SamlCase = [name: string, field: RegExp, build: (t: string, ctx: { requestId: string; domain: string; n: number }) => Omit<ResponseOptions, 'spMetadata'>];

const SAML_CASES: SamlCase[] = [
  ['the NameID', /the NameID contains/, (t, c) => ({ inResponseTo: c.requestId, email: `ada${c.n}@${c.domain}`, nameId: `okta-${t}` })],
  ['the email attribute', /the email contains/, (t, c) => ({ inResponseTo: c.requestId, nameId: `okta-${c.n}`, email: `ada${t}@${c.domain}` })],
  ['the display name attribute', /the displayName contains/, (t, c) => ({ inResponseTo: c.requestId, nameId: `okta-${c.n}`, email: `ada${c.n}@${c.domain}`, attributes: { displayName: `Ada ${t}` } })],
  ['the first name attribute', /the givenName contains/, (t, c) => ({ inResponseTo: c.requestId, nameId: `okta-${c.n}`, email: `ada${c.n}@${c.domain}`, attributes: { firstName: t } })],
  ['the last name attribute', /the familyName contains/, (t, c) => ({ inResponseTo: c.requestId, nameId: `okta-${c.n}`, email: `ada${c.n}@${c.domain}`, attributes: { lastName: t } })],
  ['one of the groups', /the groups\[1\] contains/, (t, c) => ({ inResponseTo: c.requestId, nameId: `okta-${c.n}`, email: `ada${c.n}@${c.domain}`, attributes: { groups: ['Engineering', `g${t}`] } })],
  ['InResponseTo (looked up in the database before the signature check)', /the InResponseTo contains/, (t, c) => ({ nameId: `okta-${c.n}`, email: `ada${c.n}@${c.domain}`, inResponseTo: `${c.requestId}${t}` })],
];

type OidcCase = [name: string, field: RegExp, account: (t: string, domain: string, n: number) => Account];

const OIDC_CASES: OidcCase[] = [
  ['the sub claim', /the sub contains/, (t, d, n) => ({ email: `ada${n}@${d}`, email_verified: true, sub: `sub-${t}` })],
  ['the email claim', /the email contains/, (t, d) => ({ email: `ada${t}@${d}`, email_verified: true })],
  ['the name claim', /the name contains/, (t, d, n) => ({ email: `ada${n}@${d}`, email_verified: true, name: `Ada ${t}` })],
  ['the given_name claim', /the given_name contains/, (t, d, n) => ({ email: `ada${n}@${d}`, email_verified: true, given_name: t })],
  ['the family_name claim', /the family_name contains/, (t, d, n) => ({ email: `ada${n}@${d}`, email_verified: true, family_name: t })],
  ['one of the groups', /the groups\[1\] contains/, (t, d, n) => ({ email: `ada${n}@${d}`, email_verified: true, groups: ['Engineering', `g${t}`] })],
];

describeEachDatabase('SSO refuses identities with text it cannot store', (kind) => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  let idp: TestOidcIdp;
  let oidc: SsoConnection;
  let n = 0;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { SSO_FETCH_ALLOW_PRIVATE: 'true' } });
    org = await makeOrg(server.db.db, { premium: 0, standard: 50 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
    idp = await startOidcIdp(() => [oidc ? oidcEndpoints(server.url, oidc.id).redirectUri : 'http://127.0.0.1/not-yet']);
    oidc = await addOidcConnection(server.db.db, { orgId: org.org.id, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, scopes: 'openid email profile groups' });
    await idp.rotateKey(); // re-mount with the redirect URI that names the connection
  });
  afterAll(async () => { await idp?.close(); await server?.stop(); });

  async function expectRefusedAndLogged(before: Record<string, string>, mark: number, code: string) {
    expect(await snapshot(server.db.db)).toEqual(before);
    const logged = await loggedSince(server.db.db, org.org.id, mark);
    expect(logged.map((r) => [r.event, r.detail.code])).toEqual([['sso.rejected', code]]);
    expect([storable(logged[0]!.reason), storable(JSON.stringify(logged[0]!.detail))]).toEqual([true, true]);
  }

  const samlMatrix = SAML_CASES.flatMap(([name, field, build]) => HOSTILE.map((h) => [`SAML: ${name} with ${h.name}`, field, build, h] as const));

  test.each(samlMatrix)('%s is 400 SAML_INVALID_TEXT, logged, nobody created', async (_name, field, build, h) => {
    const { requestId, relayState } = await startSamlLogin(server.url, saml.conn.id);
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, ...build(h.text, { requestId, domain: org.domain, n: ++n }) });
    const before = await snapshot(server.db.db);
    const mark = await logMark(server.db.db, org.org.id);
    const out = await postToAcs(server.url, saml.conn.id, response, relayState);
    expect({ status: out.status, code: out.code, cookie: out.cookie }).toEqual({ status: 400, code: 'SAML_INVALID_TEXT', cookie: null });
    const message = JSON.parse(out.body).error.message as string;
    expect(message).toMatch(field);
    expect(message).toMatch(h.fault);
    await expectRefusedAndLogged(before, mark, 'SAML_INVALID_TEXT');
  });

  test('a person gets a readable page saying what to do', async () => {
    const { requestId } = await startSamlLogin(server.url, saml.conn.id);
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `page@${org.domain}`, nameId: 'okta-\u0000' });
    const res = await fetch(`${server.url}/sso/saml/${saml.conn.id}/acs`, { method: 'POST', body: new URLSearchParams({ SAMLResponse: response }), headers: { accept: 'text/html' } });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<h1>Sign-in refused: unreadable text</h1>');
    expect(html).toContain('Ask your IT admin to correct it at the identity provider');
    expect(html).toContain('SAML_INVALID_TEXT');
  });

  test('the same SAML response without the bad character signs in (also through the signer that keeps character references)', async () => {
    const { requestId } = await startSamlLogin(server.url, saml.conn.id);
    const out = await postToAcs(server.url, saml.conn.id, await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `fine@${org.domain}`, nameId: 'okta-fine', attributes: { displayName: 'Ada xy', groups: ['Engineering'] } }));
    expect(out.status).toBe(303);
  });

  const oidcMatrix = OIDC_CASES.flatMap(([name, field, account]) => HOSTILE.map((h) => [`OIDC: ${name} with ${h.name}`, field, account, h] as const));

  test.each(oidcMatrix)('%s is 400 OIDC_INVALID_TEXT, logged, nobody created', async (_name, field, account, h) => {
    const login = `login-${++n}`;
    idp.accounts.set(login, account(h.text, org.domain, n));
    const before = await snapshot(server.db.db);
    const mark = await logMark(server.db.db, org.org.id);
    const out = await browserSignIn(`${server.url}/sso/oidc/${oidc.id}/login`, login);
    expect({ status: out.status, cookie: out.cookie }).toEqual({ status: 400, cookie: null });
    expect(out.body).toContain('OIDC_INVALID_TEXT');
    expect(out.body).toMatch(field);
    expect(out.body).toMatch(h.fault);
    await expectRefusedAndLogged(before, mark, 'OIDC_INVALID_TEXT');
  });

  test('an OIDC account without the bad character signs in', async () => {
    idp.accounts.set('login-fine', { email: `oidc-fine@${org.domain}`, email_verified: true, name: 'Ada xy', sub: 'sub-xy' });
    expect((await browserSignIn(`${server.url}/sso/oidc/${oidc.id}/login`, 'login-fine')).status).toBe(303);
  });
});
