import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { addTestSamlConnection } from '../support/saml-flow.js';
import { addOidcConnection } from '../../src/domain/sso/connections.js';

describe('home realm discovery (GET /login)', () => {
  let server: TestServer;
  let samlOrg: Awaited<ReturnType<typeof makeOrg>>;
  let oidcOrg: Awaited<ReturnType<typeof makeOrg>>;
  let samlId: string;
  let oidcId: string;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    samlOrg = await makeOrg(server.db.db, { premium: 1, standard: 1 });
    oidcOrg = await makeOrg(server.db.db, { premium: 1, standard: 1 });
    samlId = (await addTestSamlConnection(server.db.db, server.url, samlOrg.org.id)).conn.id;
    oidcId = (await addOidcConnection(server.db.db, { orgId: oidcOrg.org.id, issuer: 'https://idp.example.com', clientId: 'c', clientSecret: 's'.repeat(32) })).id;
  });
  afterAll(() => server.stop());

  const login = (query: string) => fetch(`${server.url}/login${query}`, { redirect: 'manual', headers: { accept: 'text/html' } });

  test('without an email it shows a page with an email box', async () => {
    const res = await login('');
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<input id="email" name="email" type="email"/);
  });

  test('starts the SAML connection of the org that verified the email\'s domain, keeping a safe return URL', async () => {
    const res = await login(`?email=${encodeURIComponent(`Ada@${samlOrg.domain.toUpperCase()}`)}&return_to=%2Fme`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${server.url}/sso/saml/${samlId}/login?return_to=%2Fme`);
  });

  test('starts the OIDC connection of another org', async () => {
    const res = await login(`?email=bob@${oidcOrg.domain}`);
    expect(res.headers.get('location')).toBe(`${server.url}/sso/oidc/${oidcId}/login?return_to=%2F`);
  });

  test('an off-site return URL is replaced before the sign-in starts', async () => {
    const res = await login(`?email=bob@${samlOrg.domain}&return_to=${encodeURIComponent('https://evil.example/')}`);
    expect(res.headers.get('location')).toMatch(/return_to=%2F$/);
  });

  test.each([
    ['a domain no organization verified', 'someone@unknown-domain.example', 404],
    ['a lookalike of a verified domain', 'someone@evil-DOMAIN.example', 404],
    ['something that is not an email', 'not-an-email', 400],
  ])('answers %s with the form and a readable message', async (_name, email, status) => {
    const res = await login(`?email=${encodeURIComponent(email.replace('DOMAIN', samlOrg.domain))}`);
    expect(res.status).toBe(status);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('<script');
  });

  test('the email is escaped when shown back', async () => {
    const html = await (await login(`?email=${encodeURIComponent('"><script>alert(1)</script>@x.example')}`)).text();
    expect(html).not.toContain('<script>alert(1)</script>');
  });
});
