// Forward auth (GET /auth/verify) as nginx auth_request, Traefik ForwardAuth and Caddy
// forward_auth call it: 200 with the member's headers while they hold a seat, 401 with the login
// URL without a session (302 with ?redirect=1), 403 once the seat is gone or a requirement is not met.
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { addTestSamlConnection, postToAcs, startSamlLogin, type SamlSetup } from '../support/saml-flow.js';
import { suspend } from '../../src/domain/members/lifecycle.js';

describeEachDatabase('forward auth', (kind) => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { SSO_RETURN_ORIGINS: 'https://wiki.example.com' } });
    org = await makeOrg(server.db.db, { premium: 0, standard: 5 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
  });
  afterAll(() => server.stop());

  async function signIn(name: string): Promise<string> {
    const { requestId } = await startSamlLogin(server.url, saml.conn.id);
    const out = await postToAcs(server.url, saml.conn.id, await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `${name}@${org.domain}`, nameId: name }));
    return out.cookie!;
  }
  const verify = (cookie: string | null, query = '', headers: Record<string, string> = {}) =>
    fetch(`${server.url}/auth/verify${query}`, { redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } });

  test('a signed-in member holding a seat gets 200 and who they are in headers', async () => {
    const cookie = await signIn('reader');
    const res = await verify(cookie);
    expect(res.status).toBe(200);
    const seatgate: Record<string, string> = {};
    res.headers.forEach((v, k) => { if (k.startsWith('x-seatgate-')) seatgate[k] = v; });
    expect(seatgate).toEqual({
      'x-seatgate-email': `reader@${org.domain}`, 'x-seatgate-org': org.org.slug, 'x-seatgate-role': 'member', 'x-seatgate-tier': 'standard',
      'x-seatgate-entitlements': 'chat,documents', 'x-seatgate-user': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('without a session: 401 with the login URL that comes back to the original URL; 302 to it with ?redirect=1', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'wiki.example.com', 'x-forwarded-uri': '/pages/42?x=1' };
    const res = await verify(null, '', forwarded);
    expect(res.status).toBe(401);
    const login = `${server.url}/login?return_to=${encodeURIComponent('https://wiki.example.com/pages/42?x=1')}`;
    expect(res.headers.get('x-seatgate-login')).toBe(login);
    expect(res.headers.get('x-seatgate-email')).toBeNull();
    const nginx = await verify('seatgate_session=forged', '?redirect=1', { 'x-original-url': 'https://wiki.example.com/a' });
    expect(nginx.status).toBe(302);
    expect(nginx.headers.get('location')).toBe(`${server.url}/login?return_to=${encodeURIComponent('https://wiki.example.com/a')}`);
    // /login keeps that return URL, since the operator listed the app's origin.
    const page = await (await fetch(login)).text();
    expect(page).toContain('value="https://wiki.example.com/pages/42?x=1"');
  });

  test('403 once the seat is taken away (suspension), not 401', async () => {
    const cookie = await signIn('suspended');
    const member = await server.db.db.selectFrom('members').select('id').where('email', '=', `suspended@${org.domain}`).executeTakeFirstOrThrow();
    await server.db.db.transaction().execute((tx) => suspend(tx, org.org.id, member.id, ctx('scim')));
    const res = await verify(cookie);
    expect(res.status).toBe(403);
    expect(res.headers.get('x-seatgate-reason')).toMatch(/no longer hold a seat/);
  });

  test('403 when the request requires a tier, a feature or an organization the member lacks', async () => {
    const cookie = await signIn('standard');
    expect((await verify(cookie, '?tier=premium')).status).toBe(403);
    expect((await verify(cookie, '?feature=coding-assistant')).status).toBe(403);
    expect((await verify(cookie, '?org=some-other-org')).status).toBe(403);
    expect((await verify(cookie, `?tier=standard&feature=chat&org=${org.org.slug}`)).status).toBe(200);
  });
});
