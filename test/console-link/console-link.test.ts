// Console sign-in links in the browser: opening one changes nothing, posting its button signs the
// Owner in (a server-side session) and lands in /admin; a second use, an expired link, a
// tampered one or a cross-site post is refused with a page. (The CLI: test/cli/console-link.test.ts.)
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg, ManualClock } from '../support/fixtures.js';
import { consoleLinkToken } from '../support/console-session.js';
import { provision } from '../../src/domain/members/provision.js';
import { suspend } from '../../src/domain/members/lifecycle.js';
import { listEvents } from '../../src/domain/log/provisioning-log.js';

describeEachDatabase('console sign-in links', (kind) => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  const clock = new ManualClock(new Date());
  const email = (local: string) => `${local}@${org.domain}`;

  beforeAll(async () => {
    s = await startTestServer(kind, { clock });
    const domain = `cl-${Date.now()}.example.com`;
    org = await makeOrg(s.db.db, { premium: 1, standard: 5 }, { domain, primaryOwnerEmail: `pat@${domain}` });
    for (const [local, role] of [['olly', 'owner'], ['ada', 'admin'], ['mo', 'member'], ['sus', 'owner']] as const) {
      await provision(s.db.db, { path: 'scim', active: true, fields: { orgId: org.org.id, userName: email(local), email: email(local), role } }, ctx('admin'));
    }
    const sus = await s.db.db.selectFrom('members').select('id').where('email', '=', email('sus')).executeTakeFirstOrThrow();
    await s.db.db.transaction().execute((tx) => suspend(tx, org.org.id, sus.id, ctx('admin')));
  });
  afterAll(async () => { await s?.stop(); });
  beforeEach(() => clock.set(new Date()));

  const open = (url: string) => fetch(url, { headers: { accept: 'text/html' } });
  const use = (url: string, headers: Record<string, string> = {}) => fetch(url, { method: 'POST', redirect: 'manual', headers: { accept: 'text/html', ...headers } });

  test.each([['an Admin', 'ada'], ['a Member', 'mo'], ['a suspended Owner', 'sus'], ['someone who is not a member', 'nobody']])(
    'is never made for %s', async (_name, local) => {
      await expect(consoleLinkToken(s.db.db, org.org.slug, email(local), clock)).rejects.toMatchObject({ code: 'CONSOLE_LINK_REFUSED' });
    });

  test('opening the link only shows whom it signs in; the button signs in once and goes to /admin', async () => {
    const url = `${s.url}/console-link/${await consoleLinkToken(s.db.db, org.org.slug, email('olly'), clock)}`;
    for (let i = 0; i < 2; i++) {
      const page = await open(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      const html = await page.text();
      expect(html).toContain(email('olly'));
      expect(html).toContain('<form method="post"');
    }
    const first = await use(url);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/admin');
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const me = await fetch(`${s.url}/api/v1/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ member: { email: email('olly'), role: 'owner' }, org: { name: org.org.name }, home: '/admin' });
    const session = await s.db.db.selectFrom('sessions').innerJoin('members', 'members.id', 'sessions.member_id').select('sessions.via').where('members.email', '=', email('olly')).executeTakeFirstOrThrow();
    expect(session.via).toBe('console_link');
    const used = await listEvents(s.db.db, org.org.id, { events: ['console_link.used'] });
    expect(used.events[0]).toMatchObject({ subject: email('olly'), actor: { type: 'console_link' } });

    const again = await use(url);
    expect(again.status).toBe(410);
    expect(again.headers.get('set-cookie')).toBeNull();
    const html = await again.text();
    expect(html).toContain('already been used');
    expect(html).toContain('href="/login"');
    expect((await open(url)).status).toBe(410);
  });

  test('two uses at the same moment give one session and one refusal', async () => {
    const url = `${s.url}/console-link/${await consoleLinkToken(s.db.db, org.org.slug, email('pat'), clock)}`;
    const statuses = (await Promise.all([use(url), use(url)])).map((r) => r.status).sort();
    expect(statuses).toEqual([303, 410]);
  });

  test('an expired link, a tampered one and a cross-site post are refused and sign nobody in', async () => {
    const token = await consoleLinkToken(s.db.db, org.org.slug, email('olly'), clock);
    const tampered = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA');
    expect((await use(`${s.url}/console-link/${tampered}`)).status).toBe(404);
    expect((await use(`${s.url}/console-link/sgcl_nonsense`)).status).toBe(404);
    const crossSite = await use(`${s.url}/console-link/${token}`, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    clock.advance(15 * 60_000 + 1000);
    const expired = await use(`${s.url}/console-link/${token}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('expired');
  });

  test('a link made for an Owner who is then demoted no longer works', async () => {
    const token = await consoleLinkToken(s.db.db, org.org.slug, email('olly'), clock);
    await s.db.db.updateTable('members').set({ role: 'admin' }).where('email', '=', email('olly')).execute();
    try {
      const res = await use(`${s.url}/console-link/${token}`);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('console links are only for Owners');
    } finally {
      await s.db.db.updateTable('members').set({ role: 'owner' }).where('email', '=', email('olly')).execute();
    }
  });

  test('using a link in a browser that was signed in as someone else ends that session', async () => {
    const firstUrl = `${s.url}/console-link/${await consoleLinkToken(s.db.db, org.org.slug, email('pat'), clock)}`;
    const before = (await use(firstUrl)).headers.get('set-cookie')!.split(';')[0]!;
    const secondUrl = `${s.url}/console-link/${await consoleLinkToken(s.db.db, org.org.slug, email('olly'), clock)}`;
    const res = await use(secondUrl, { cookie: before });
    expect(res.status).toBe(303);
    expect((await fetch(`${s.url}/api/v1/me`, { headers: { cookie: before } })).status).toBe(401);
  });
});
