// Sign-in sessions live in the database: the cookie only carries a signed secret, and the row
// decides — idle timeout, absolute limit, sign-out, suspension, removal, demotion.
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg, ManualClock } from '../support/fixtures.js';
import { addTestSamlConnection, postToAcs, startSamlLogin, type SamlSetup } from '../support/saml-flow.js';
import { reactivate, suspend } from '../../src/domain/members/lifecycle.js';
import { changeRole } from '../../src/domain/roles/role-changes.js';

describe('session', () => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    server = await startTestServer('pglite', { clock });
    org = await makeOrg(server.db.db, { premium: 0, standard: 20 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
  });
  afterAll(() => server.stop());

  async function signInAs(name: string) {
    clock.set(new Date());
    const { requestId } = await startSamlLogin(server.url, saml.conn.id);
    const out = await postToAcs(server.url, saml.conn.id, await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `${name}@${org.domain}`, nameId: name }));
    if (!out.cookie) throw new Error(`sign-in failed: ${out.status} ${out.body}`);
    return out;
  }
  const memberId = async (name: string) =>
    (await server.db.db.selectFrom('members').select('id').where('email', '=', `${name}@${org.domain}`).executeTakeFirstOrThrow()).id;
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

  test('/me carries member, org (with its name), role, seat tier and the tier\'s entitlements', async () => {
    const out = await signInAs('me1');
    const body = await (await me(out.cookie)).json();
    expect(body).toMatchObject({
      member: { email: `me1@${org.domain}`, role: 'member' }, org: { id: org.org.id, slug: org.org.slug, name: org.org.name },
      seat: { tier: 'standard' }, entitlements: { features: ['chat', 'documents'] },
    });
  });

  test('the database keeps only a hash of the secret the cookie carries, and each sign-in gets a new session', async () => {
    const first = await signInAs('hash');
    const second = await signInAs('hash');
    expect(second.cookie).not.toBe(first.cookie);
    const payload = JSON.parse(Buffer.from(first.cookie!.split('=')[1]!.split('.')[1]!, 'base64url').toString());
    expect(payload.sec).toMatch(/^sgsess_[A-Za-z0-9_-]{43}$/);
    const rows = await server.db.db.selectFrom('sessions').selectAll().where('member_id', '=', await memberId('hash')).execute();
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(payload.sec);
    expect(rows.every((r) => r.via === 'sso' && r.revoked_at === null)).toBe(true);
  });

  test('without a cookie, or with a forged one, /me answers 401', async () => {
    expect((await me(null)).status).toBe(401);
    const out = await signInAs('forger');
    const [h, p] = out.cookie!.split('=')[1]!.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sec: 'sgsess_' + 'A'.repeat(43) })).toString('base64url');
    expect((await me(`seatgate_session=${h}.${forged}.AAAA`)).status).toBe(401);
  });

  test('ends after 15 idle minutes', async () => {
    const out = await signInAs('idle');
    clock.advance(16 * 60_000);
    expect((await me(out.cookie)).status).toBe(401);
  });

  test('slides while used, writing last_seen at most once a minute, but ends 8 hours after sign-in whatever happens', async () => {
    const { cookie } = await signInAs('busy');
    const id = await memberId('busy');
    const lastSeen = async () => (await server.db.db.selectFrom('sessions').select('last_seen_at').where('member_id', '=', id).executeTakeFirstOrThrow()).last_seen_at.getTime();
    const start = await lastSeen();
    clock.advance(30_000);
    expect((await me(cookie)).status).toBe(200);
    expect(await lastSeen()).toBe(start);
    clock.advance(31_000);
    expect((await me(cookie)).status).toBe(200);
    expect(await lastSeen()).toBe(start + 61_000);
    for (let step = 1; step <= 8 * 6; step++) {
      clock.advance(10 * 60_000);
      const res = await me(cookie);
      if (res.status !== 200) { expect(step).toBe(8 * 6); return; }
    }
    throw new Error('the session outlived its absolute limit');
  });

  test('a member suspended after signing in loses the session for good, even once reactivated', async () => {
    const out = await signInAs('suspended');
    const id = await memberId('suspended');
    await server.db.db.transaction().execute((tx) => suspend(tx, org.org.id, id, ctx('scim')));
    expect((await me(out.cookie)).status).toBe(401);
    await server.db.db.transaction().execute((tx) => reactivate(tx, org.org.id, id, ctx('scim')));
    expect((await me(out.cookie)).status).toBe(401);
    const row = await server.db.db.selectFrom('sessions').select('revoked_reason').where('member_id', '=', id).executeTakeFirstOrThrow();
    expect(row.revoked_reason).toBe('suspended');
  });

  test('an Admin demoted to Member loses the session; a Member promoted keeps it', async () => {
    const admin = await signInAs('demoted');
    const member = await signInAs('promoted');
    await server.db.db.updateTable('members').set({ role: 'admin' }).where('id', '=', await memberId('demoted')).execute();
    await changeRole(server.db.db, org.org.id, 'owner', await memberId('demoted'), 'member', ctx('admin', clock));
    await changeRole(server.db.db, org.org.id, 'owner', await memberId('promoted'), 'admin', ctx('admin', clock));
    expect((await me(admin.cookie)).status).toBe(401);
    expect(await (await me(member.cookie)).json()).toMatchObject({ member: { role: 'admin' } });
  });

  test('POST /logout ends the session on the server: a copy of the cookie stops working', async () => {
    const out = await signInAs('bye');
    const copy = out.cookie!;
    const res = await fetch(`${server.url}/logout`, { method: 'POST', headers: { cookie: out.cookie!, accept: 'application/json' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/seatgate_session=;/);
    expect((await me(copy)).status).toBe(401);
    const row = await server.db.db.selectFrom('sessions').select('revoked_reason').where('member_id', '=', await memberId('bye')).executeTakeFirstOrThrow();
    expect(row.revoked_reason).toBe('signed_out');
  });

  test('a cross-site logout is refused and the session goes on', async () => {
    const out = await signInAs('stay');
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
      const res = await fetch(`${server.url}/logout`, { method: 'POST', headers: { cookie: out.cookie!, accept: 'application/json', ...headers } });
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('CROSS_SITE_REQUEST');
    }
    expect((await me(out.cookie)).status).toBe(200);
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
