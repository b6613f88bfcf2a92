// The events feed: provisioning-log events that matter to apps, with stable ids, read in order
// after a cursor, by an organization (API key) or an application (its client credentials, every
// organization it serves). Under 200 concurrent changes from two pools, a poller that keeps
// reading sees every event exactly once.
import { sql } from 'kysely';
import { describeEachDatabase, describeWithServer, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { provision } from '../../src/domain/members/provision.js';
import { suspend } from '../../src/domain/members/lifecycle.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { createApp } from '../../src/domain/apps/apps.js';
import { readFeed } from '../../src/domain/events/feed.js';
import { APP_EVENT_TYPES } from '../../src/domain/events/event-types.js';
import { systemClock } from '../../src/domain/clock.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';

describeEachDatabase('events feed', (kind) => {
  let server: TestServer;
  let a: Awaited<ReturnType<typeof makeOrg>>;
  let b: Awaited<ReturnType<typeof makeOrg>>;
  let key: string;
  let basic: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    a = await makeOrg(server.db.db, { premium: 1, standard: 5 });
    b = await makeOrg(server.db.db, { premium: 1, standard: 5 });
    key = (await createApiKey(server.db.db, a.org.id, 'admin', 'feed reader', systemClock)).secret;
    const app = await createApp(server.db.db, { name: 'Only A', redirectUris: ['https://app.example.com/cb'], orgSlugs: [a.org.slug] }, new Date());
    basic = `Basic ${Buffer.from(`${app.app.clientId}:${app.clientSecret}`).toString('base64')}`;
  });
  afterAll(() => server.stop());

  const feed = async (auth: string, query = '') => {
    const res = await fetch(`${server.url}/api/v1/events${query}`, { headers: { authorization: auth } });
    return { status: res.status, body: await res.json() };
  };

  test('the trigger writes exactly the app event types (member.deprovisioned under the name member.removed)', async () => {
    const { rows } = await sql<{ def: string }>`select pg_get_triggerdef(oid) as def from pg_trigger where tgname = 'app_events_from_log'`.execute(server.db.db);
    const listed = [...rows[0]!.def.matchAll(/'([a-z_.]+)'::text/g)].map((m) => m[1]!.replace('member.deprovisioned', 'member.removed')).filter((t) => t !== 'success');
    expect(listed.sort()).toEqual([...APP_EVENT_TYPES].sort());
  });

  test('a new member is member.created then seat.claimed, with the member and organization in the data', async () => {
    const member = await provision(server.db.db, { path: 'scim', active: true, fields: { orgId: a.org.id, userName: `first@${a.domain}`, email: `first@${a.domain}` } }, ctx('scim'));
    const { status, body } = await feed(`Bearer ${key}`);
    expect(status).toBe(200);
    const mine = body.data.filter((e: { data: { member: { id: string } | null } }) => e.data.member?.id === member.id);
    expect(mine.map((e: { type: string }) => e.type)).toEqual(['member.created', 'seat.claimed']);
    expect(mine[1]).toMatchObject({ id: expect.stringMatching(/^evt_[0-9a-f]{32}$/), organizationId: a.org.id,
      data: { organization: { slug: a.org.slug }, member: { email: `first@${a.domain}`, seatTier: 'premium' }, tier: 'premium', method: 'scim' } });
  });

  test('pages follow the cursor without repeating, and an idle cursor stays put', async () => {
    for (let i = 0; i < 3; i++) await provision(server.db.db, { path: 'scim', active: true, fields: { orgId: a.org.id, userName: `p${i}@${a.domain}`, email: `p${i}@${a.domain}` } }, ctx('scim'));
    const all = (await feed(`Bearer ${key}`, '?limit=500')).body;
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const page = (await feed(`Bearer ${key}`, `?limit=2${cursor ? `&after=${cursor}` : ''}`)).body;
      seen.push(...page.data.map((e: { id: string }) => e.id));
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(all.data.map((e: { id: string }) => e.id));
    const idle = (await feed(`Bearer ${key}`, `?after=${cursor}`)).body;
    expect(idle).toEqual({ data: [], nextCursor: cursor, hasMore: false });
  });

  test('an application reads the organizations it serves, and only those', async () => {
    await provision(server.db.db, { path: 'scim', active: true, fields: { orgId: b.org.id, userName: `other@${b.domain}`, email: `other@${b.domain}` } }, ctx('scim'));
    const { status, body } = await feed(basic, '?limit=500');
    expect(status).toBe(200);
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data.every((e: { organizationId: string }) => e.organizationId === a.org.id)).toBe(true);
    expect((await feed('Basic ' + Buffer.from('sgapp_nope0000000000000000:wrong').toString('base64'))).status).toBe(401);
  });

  test('a cursor that was not handed out is a 400', async () => {
    const { status, body } = await feed(`Bearer ${key}`, '?after=bm9wZQ');
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_INPUT');
  });
});

describeWithServer('events feed under 200 concurrent changes [postgres]', () => {
  let db: TestDatabase;
  let other: Kysely<Database>;
  beforeAll(async () => { db = await createTestDatabase('postgres', 20); other = (await db.openAnotherPool(20)).db; });
  afterAll(() => db.close());

  test('a poller reading all the while sees every event exactly once, in one order', async () => {
    const orgs = await Promise.all([0, 1].map(() => makeOrg(db.db, { premium: 50, standard: 200 })));
    const seen: string[] = [];
    let cursor: string | undefined;
    let done = false;
    const poll = async () => {
      const page = await readFeed(db.db, { orgIds: null }, cursor, 50);
      seen.push(...page.data.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
      return page.hasMore;
    };
    const poller = (async () => { while (!done) { if (!(await poll())) await new Promise((r) => setTimeout(r, 2)); } })();
    await Promise.all(Array.from({ length: 200 }, async (_, i) => {
      const pool = i % 2 ? other : db.db;
      const org = orgs[i % 2]!;
      const m = await provision(pool, { path: 'scim', active: true, fields: { orgId: org.org.id, userName: `c${i}@${org.domain}`, email: `c${i}@${org.domain}` } }, ctx('scim'));
      if (i % 3 === 0) await pool.transaction().execute((tx) => suspend(tx, org.org.id, m.id, ctx('scim')));
    }));
    done = true;
    await poller;
    while (await poll());
    const all = await db.db.selectFrom('app_events').select('id').orderBy('position').execute();
    expect(all.length).toBe(2 * 2 + 200 * 2 + 67 * 2);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all.map((r) => r.id));
  });
});
