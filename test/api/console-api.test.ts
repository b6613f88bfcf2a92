// The admin-API routes the console needs: who is signed in (GET /me), sign-out (DELETE /session),
// the overview, and the member list with search, filters, sort, cursor pages and a total.
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { json } from '../support/http.js';
import { consoleSignIn } from '../support/console-session.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { provision } from '../../src/domain/members/provision.js';
import { suspend } from '../../src/domain/members/lifecycle.js';
import { setContract } from '../../src/domain/billing/contracts.js';
import { systemClock } from '../../src/domain/clock.js';
import { escapeLike } from '../../src/domain/members/member-list.js';

describeEachDatabase('admin API for the console', (kind) => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let key: string;
  let cookie: string;
  const email = (local: string) => `${local}@${org.domain}`;
  const PEOPLE: Array<[string, 'owner' | 'admin' | 'member', string | null, 'scim' | 'manual' | 'jit']> = [
    ['zed', 'member', 'Zed Zulu', 'scim'], ['amy', 'admin', 'Amy Adams', 'manual'], ['bob', 'member', null, 'jit'],
    ['cat_100', 'member', '100% Cat', 'scim'], ['catx100', 'member', 'Cat X', 'manual'], ['dan', 'owner', 'Dan Dee', 'manual'], ['eve', 'member', 'Eve', 'jit'],
  ];

  beforeAll(async () => {
    s = await startTestServer(kind);
    const domain = `capi-${Date.now()}.example.com`;
    org = await makeOrg(s.db.db, { premium: 2, standard: 6 }, { domain, primaryOwnerEmail: `pat@${domain}` });
    for (const [local, role, displayName, method] of PEOPLE) {
      await provision(s.db.db, { path: 'scim', active: true, fields: { orgId: org.org.id, userName: email(local), email: email(local), role, displayName } }, ctx(method));
    }
    const eve = await s.db.db.selectFrom('members').select('id').where('email', '=', email('eve')).executeTakeFirstOrThrow();
    await s.db.db.transaction().execute((tx) => suspend(tx, org.org.id, eve.id, ctx('admin')));
    key = (await createApiKey(s.db.db, org.org.id, 'owner', 'console-test', systemClock)).secret;
    cookie = await consoleSignIn(s.url, s.db.db, org.org.slug, email('pat'));
  });
  afterAll(async () => { await s?.stop(); });

  const api = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${s.url}/api/v1${path}`, { method: init.method ?? 'GET', headers: { authorization: `Bearer ${key}`, ...init.headers } });

  test('GET /me describes the signed-in person with org name, seat and entitlements; an API key gets SESSION_REQUIRED', async () => {
    const me = await json(fetch(`${s.url}/api/v1/me`, { headers: { cookie } }));
    expect(me).toEqual({
      member: { id: expect.any(String), email: email('pat'), displayName: null, role: 'primary_owner' },
      org: { id: org.org.id, slug: org.org.slug, name: org.org.name },
      seat: { tier: 'premium', includes: expect.arrayContaining(['Coding assistant', 'Up to 5,000 requests a day']) },
      entitlements: { features: ['chat', 'documents', 'coding-assistant', 'priority-support'], limits: { requestsPerDay: 5000, storageGb: 100 } },
      home: '/admin',
    });
    const byKey = await api('/me');
    expect(byKey.status).toBe(401);
    expect((await json(byKey)).error.code).toBe('SESSION_REQUIRED');
  });

  test('DELETE /session signs out on the server (same origin only)', async () => {
    const mine = await consoleSignIn(s.url, s.db.db, org.org.slug, email('dan'));
    const crossSite = await fetch(`${s.url}/api/v1/session`, { method: 'DELETE', headers: { cookie: mine, origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    const res = await fetch(`${s.url}/api/v1/session`, { method: 'DELETE', headers: { cookie: mine, origin: new URL(s.url).origin } });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^seatgate_session=;/);
    expect((await fetch(`${s.url}/api/v1/me`, { headers: { cookie: mine } })).status).toBe(401);
  });

  test('GET /overview: seats per tier, contract and renewal, alerts now, members, invitations, set-up; no seat request pending', async () => {
    const before = await json(api('/overview'));
    expect(before).toMatchObject({
      org: { slug: org.org.slug, name: org.org.name }, contract: null, seatRequests: { pending: 0 },
      seats: { premium: { purchased: 2, claimed: 2, free: 0 }, standard: { purchased: 6, claimed: 5, free: 1 } },
      members: { active: 7, suspended: 1 }, invitations: { pending: 0 },
      setup: { verifiedDomains: [org.domain], ssoConnections: 0, scimTokens: 0 },
    });
    expect(before.alerts.map((a: { alert: string }) => a.alert)).toEqual(['premium.exhausted', 'premium.threshold']);
    expect(before.alerts[0].message).toContain('All 2 premium seats are taken');
    const year = new Date().getUTCFullYear();
    await setContract(s.db.db, org.org.id, { termStart: `${year}-01-01`, autoRenew: true, currency: 'EUR', prices: { standard: 1000, premium: 2000 } }, ctx('cli'));
    const after = await json(api('/overview'));
    expect(after.contract).toEqual({ status: 'active', termStart: `${year}-01-01`, termEnd: `${year + 1}-01-01`, autoRenew: true, renewalDate: `${year + 1}-01-01` });
  });

  describe('GET /members', () => {
    const list = async (query: string) => json(api(`/members?${query}`));
    const emails = (body: { members: Array<{ email: string }> }) => body.members.map((m) => m.email.split('@')[0]);

    test('searches email, userName and display name case-insensitively; % and _ are plain characters', async () => {
      expect(emails(await list('q=ZULU'))).toEqual(['zed']);
      expect(emails(await list('q=cat_&sort=email'))).toEqual(['cat_100']);
      expect(emails(await list('q=100%25&sort=email'))).toEqual(['cat_100']);
      expect((await list('q=cat&sort=email')).total).toBe(2);
      expect(escapeLike('a%b_c\\d')).toBe('a\\%b\\_c\\\\d');
    });

    test('filters by role, arrival method, status and tier, with a total for the filter', async () => {
      expect(emails(await list('role=admin'))).toEqual(['amy']);
      expect(emails(await list('method=jit&sort=email'))).toEqual(['bob', 'eve']);
      expect(emails(await list('status=suspended'))).toEqual(['eve']);
      const premium = await list('tier=premium&sort=email');
      expect(premium.total).toBe(2);
      expect((await list('method=scim&role=member&limit=1')).total).toBe(2);
    });

    test.each(['email', 'createdAt', 'role', 'tier', 'status'])('pages through every member sorted by %s, both ways, without gaps or repeats', async (sort) => {
      for (const order of ['asc', 'desc']) {
        const all = await list(`sort=${sort}&order=${order}&limit=500`);
        expect(all.total).toBe(8);
        expect(all.next).toBeNull();
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: any = await list(`sort=${sort}&order=${order}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          expect(page.total).toBe(8);
          seen.push(...page.members.map((m: { id: string }) => m.id));
          cursor = page.next;
        } while (cursor);
        expect(seen).toEqual(all.members.map((m: { id: string }) => m.id));
      }
      const asc = emails(await list(`sort=${sort}&limit=500`));
      if (sort === 'email') expect(asc).toEqual([...asc].sort());
      if (sort === 'role') expect(asc[0]).toBe('pat');
      if (sort === 'status') expect(asc.at(-1)).toBe('eve');
    });

    test('keeps the old id order and `after` working; refuses a forged cursor or one from another sort', async () => {
      const first = await list('limit=4');
      expect(first.members.map((m: { id: string }) => m.id)).toEqual([...first.members.map((m: { id: string }) => m.id)].sort());
      const byAfter = await list(`limit=4&after=${first.members[3].id}`);
      const byNext = await list(`limit=4&after=${encodeURIComponent(first.next)}`);
      expect(byNext.members).toEqual(byAfter.members);
      expect(byAfter.members).toHaveLength(4);
      const other = await list('sort=email&limit=2');
      for (const bad of [other.next, 'not-a-cursor', Buffer.from(JSON.stringify({ s: 'createdAt', o: 'asc', k: "x'; drop table members", i: first.members[0].id })).toString('base64url')]) {
        const res = await api(`/members?sort=createdAt&cursor=${encodeURIComponent(bad)}`);
        expect(res.status).toBe(400);
        expect((await json(res)).error.code).toBe('INVALID_INPUT');
      }
    });
  });
});
