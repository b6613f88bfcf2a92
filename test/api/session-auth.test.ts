// People signed in through SSO use the admin API with their session cookie: the permission table
// applies to their current role (re-read on every request), and state changes must be same-origin.
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { json } from '../support/http.js';
import { addTestSamlConnection, postToAcs, startSamlLogin, type SamlSetup } from '../support/saml-flow.js';

describeEachDatabase('admin API with the SSO session cookie', (kind) => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};

  async function signIn(local: string): Promise<string> {
    const { requestId } = await startSamlLogin(s.url, saml.conn.id);
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `${local}@${org.domain}`, nameId: `idp-${local}` });
    const out = await postToAcs(s.url, saml.conn.id, response);
    if (!out.cookie) throw new Error(`sign-in of ${local} failed: ${out.status} ${out.code}`);
    return out.cookie;
  }

  beforeAll(async () => {
    s = await startTestServer(kind);
    const domain = `sess-${Date.now()}.example.com`;
    org = await makeOrg(s.db.db, { premium: 0, standard: 6 }, { domain, primaryOwnerEmail: `olga@${domain}` });
    saml = await addTestSamlConnection(s.db.db, s.url, org.org.id);
    for (const who of ['olga', 'adam', 'mia']) cookies[who] = await signIn(who);
    const members = await s.db.db.selectFrom('members').select(['id', 'email']).where('org_id', '=', org.org.id).execute();
    for (const m of members) ids[m.email.split('@')[0]!] = m.id;
    await s.db.db.updateTable('members').set({ role: 'admin' }).where('id', '=', ids.adam!).execute();
  });
  afterAll(async () => { await s?.stop(); });

  const origin = () => new URL(s.url).origin;
  const call = (who: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${s.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { cookie: cookies[who]!, 'content-type': 'application/json', ...(init.method && init.method !== 'GET' ? { origin: origin() } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });

  test('a Member can read the org but cannot invite or see members', async () => {
    expect((await call('mia', '/org')).status).toBe(200);
    expect((await call('mia', '/members')).status).toBe(403);
    const invite = await call('mia', '/invitations', { method: 'POST', body: { email: `zoe@${org.domain}` } });
    expect(invite.status).toBe(403);
    expect((await json(invite)).error.code).toBe('ROLE_FORBIDDEN');
  });

  test('an Admin manages members but cannot buy seats', async () => {
    expect((await call('adam', '/members')).status).toBe(200);
    const buy = await call('adam', '/seats/preview', { method: 'POST', body: { add: { standard: 1 } } });
    expect(buy.status).toBe(403);
    expect((await json(buy)).error.code).toBe('ROLE_FORBIDDEN');
  });

  test.each([
    ['another origin', { origin: 'https://evil.example' }],
    ['no origin and a cross-site fetch', { origin: '', 'sec-fetch-site': 'cross-site' }],
    ['the null origin of a sandboxed frame', { origin: 'null' }],
  ])('a state change with the cookie from %s is refused and changes nothing', async (_name, headers) => {
    const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
    const res = await fetch(`${s.url}/api/v1/members/${ids.mia}/suspend`, {
      method: 'POST', headers: { cookie: cookies.adam!, 'content-type': 'application/json', ...clean }, body: '{}',
    });
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('CROSS_SITE_REQUEST');
    const mia = await s.db.db.selectFrom('members').select('status').where('id', '=', ids.mia!).executeTakeFirstOrThrow();
    expect(mia.status).toBe('active');
  });

  test('the primary owner transfers the role in one step, and the new role applies to the next request at once', async () => {
    const res = await call('olga', '/primary-owner', { method: 'POST', body: { memberId: ids.adam } });
    expect(res.status).toBe(200);
    const roles = await s.db.db.selectFrom('members').select(['email', 'role']).where('org_id', '=', org.org.id).where('role', 'in', ['primary_owner', 'owner']).orderBy('email').execute();
    expect(roles.map((r) => [r.email.split('@')[0], r.role])).toEqual([['adam', 'primary_owner'], ['olga', 'owner']]);
    expect((await call('olga', '/primary-owner', { method: 'POST', body: { memberId: ids.mia } })).status).toBe(403);
  });

  test('a suspended member\'s cookie stops working at once', async () => {
    expect((await call('adam', `/members/${ids.mia}/suspend`, { method: 'POST', body: {} })).status).toBe(200);
    const res = await call('mia', '/org');
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe('UNAUTHENTICATED');
  });

  test('a forged cookie is refused', async () => {
    const forged = cookies.adam!.replace(/\.[^.]+$/, '.AAAA');
    const res = await fetch(`${s.url}/api/v1/org`, { headers: { cookie: forged } });
    expect(res.status).toBe(401);
  });
});
