// Provisioning rules through the admin API and SCIM groups, against a started app: a SCIM group
// change re-evaluates its members (tier through the allocator, role with the rule's memory), a full
// tier is recorded and never worked around, the Primary Owner keeps their role, only Owners manage
// rules, and the dry run answers without changing a single row.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/databases.js';
import { json } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { consoleSignIn } from '../support/console-session.js';
import { scim, user } from '../scim/support.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { createScimToken } from '../../src/domain/scim-tokens/tokens.js';
import { systemClock } from '../../src/domain/clock.js';
import { listEvents } from '../../src/domain/log/provisioning-log.js';
import type { Database } from '../../src/db/schema.js';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describeEachDatabase('provisioning rules over the admin API and SCIM groups', (kind) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(kind); });
  afterAll(() => s?.stop());

  async function setup(seats: { premium: number; standard: number }) {
    const slug = `rules-${Math.random().toString(16).slice(2, 10)}`;
    const made = await makeOrg(s.db.db, seats, { slug, primaryOwnerEmail: `po@${slug}.example.com` });
    const owner = (await createApiKey(s.db.db, made.org.id, 'owner', 'owner', systemClock)).secret;
    const admin = (await createApiKey(s.db.db, made.org.id, 'admin', 'admin', systemClock)).secret;
    const conn = { token: (await createScimToken(s.db.db, made.org.id, 'idp', systemClock)).secret, base: `${s.url}/scim/v2` };
    const api = (key: string, path: string, method = 'GET', body?: unknown) => fetch(`${s.url}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const addUser = async (name: string): Promise<string> => {
      const res = await scim(conn, 'POST', '/Users', user(`${name}@${made.domain}`));
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const member = (id: string) => s.db.db.selectFrom('members').select(['role', 'seat_tier']).where('id', '=', id).executeTakeFirstOrThrow();
    return { ...made, owner, admin, conn, api, addUser, member, poId: made.primaryOwner!.id };
  }

  test('SCIM group changes move members to the rule\'s tier and role, and leaving hands them back', async () => {
    const o = await setup({ premium: 3, standard: 5 });
    const ada = await o.addUser('ada'); // premium
    const grace = await o.addUser('grace'); // premium: the last one (the Primary Owner holds the first)
    const linus = await o.addUser('linus'); // standard
    const put = await o.api(o.owner, '/provisioning-rules', 'PUT', {
      rules: [{ match: { group: 'Engineering' }, seatTier: 'premium' }, { match: { group: 'IT' }, role: 'admin' }], defaultSeatTier: 'standard',
    });
    expect(put.status).toBe(200);
    expect(await json(o.api(o.owner, '/provisioning-rules'))).toEqual({
      rules: [{ match: { group: 'Engineering' }, seatTier: 'premium' }, { match: { group: 'IT' }, role: 'admin' }], defaultSeatTier: 'standard',
    });

    // Premium is full: linus keeps his standard seat and the wanted tier is recorded.
    const eng = await scim(o.conn, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Engineering', members: [{ value: linus }] });
    expect(eng.status).toBe(201);
    expect(await o.member(linus)).toEqual({ role: 'member', seat_tier: 'standard' });
    const rejected = await listEvents(s.db.db, o.org.id, { events: ['seat.rejected'], memberId: linus });
    expect(rejected.events).toHaveLength(1);
    expect(rejected.events[0]).toMatchObject({ outcome: 'rejected', tier: 'premium', detail: { wantedTier: 'premium', heldTier: 'standard', rule: 0 } });

    // IT (no tier rule): ada becomes Admin, and the default moves her to standard, freeing a premium seat.
    const it = await scim(o.conn, 'POST', '/Groups', { schemas: [GROUP], displayName: 'IT', members: [{ value: ada }] });
    expect(await o.member(ada)).toEqual({ role: 'admin', seat_tier: 'standard' });
    // Re-evaluated when Engineering next changes: linus gets the premium seat ada left.
    await scim(o.conn, 'PATCH', `/Groups/${eng.body.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: grace }] }] });
    expect(await o.member(linus)).toEqual({ role: 'member', seat_tier: 'premium' });
    expect(await o.member(grace)).toEqual({ role: 'member', seat_tier: 'premium' });
    const moved = await listEvents(s.db.db, o.org.id, { events: ['seat.tier_changed'], memberId: linus });
    expect(moved.events[0]).toMatchObject({ tier: 'premium', detail: { from: 'standard', to: 'premium' } });

    // The Primary Owner in IT keeps their role; ada leaving IT is a member again.
    await scim(o.conn, 'PATCH', `/Groups/${it.body.id}`, { schemas: [PATCH], Operations: [
      { op: 'add', path: 'members', value: [{ value: o.poId }] }, { op: 'remove', path: `members[value eq "${ada}"]` },
    ] });
    expect((await o.member(o.poId)).role).toBe('primary_owner');
    expect(await o.member(ada)).toEqual({ role: 'member', seat_tier: 'standard' });
    const roles = await listEvents(s.db.db, o.org.id, { events: ['member.role_changed'], memberId: ada });
    expect(roles.events.map((e) => e.detail)).toEqual([
      { from: 'admin', to: 'member', byRule: 'none matches: the role before the rule' }, { from: 'member', to: 'admin', byRule: 1 },
    ]);
    // Deleting Engineering: linus and grace fall back to the default, standard.
    expect((await scim(o.conn, 'DELETE', `/Groups/${eng.body.id}`)).status).toBe(204);
    expect(await o.member(linus)).toEqual({ role: 'member', seat_tier: 'standard' });
    expect(await o.member(grace)).toEqual({ role: 'member', seat_tier: 'standard' });
  });

  test('a SCIM create takes the org\'s fixed default tier, even with premium free; with it full, nobody is created', async () => {
    const o = await setup({ premium: 3, standard: 1 });
    expect((await o.api(o.owner, '/provisioning-rules', 'PUT', { rules: [], defaultSeatTier: 'standard' })).status).toBe(200);
    const ada = await o.addUser('ada');
    expect(await o.member(ada)).toEqual({ role: 'member', seat_tier: 'standard' });
    const created = await scim(o.conn, 'GET', `/Users/${ada}`);
    expect(JSON.stringify(created.body)).toContain('"standard"');
    // A fixed default does not fall back: premium stays free for the rules that name it.
    const refused = await scim(o.conn, 'POST', '/Users', user(`grace@${o.domain}`));
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(await s.db.db.selectFrom('members').select('id').where('org_id', '=', o.org.id).where('email', '=', `grace@${o.domain}`).execute()).toEqual([]);
    const rejected = await listEvents(s.db.db, o.org.id, { events: ['seat.rejected'] });
    expect(rejected.events[0]).toMatchObject({ subject: `grace@${o.domain}`, outcome: 'rejected', detail: { code: 'SEATS_EXHAUSTED' } });
    expect((await s.db.db.selectFrom('seat_pools').select(['tier', 'claimed']).where('org_id', '=', o.org.id).orderBy('tier').execute()))
      .toEqual([{ tier: 'premium', claimed: 1 }, { tier: 'standard', claimed: 1 }]);
  });

  test('a rule may name a SCIM group by its id; an admin made by hand is not demoted by rules', async () => {
    const o = await setup({ premium: 2, standard: 5 });
    const ada = await o.addUser('ada');
    const group = await scim(o.conn, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Platform team', members: [] });
    expect((await o.api(o.owner, '/provisioning-rules', 'PUT', { rules: [{ match: { group: group.body.id }, role: 'admin' }] })).status).toBe(200);
    await scim(o.conn, 'PATCH', `/Groups/${group.body.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: ada }] }] });
    expect((await o.member(ada)).role).toBe('admin');
    // By hand back to member, then leaving the group: the hand-made role stays.
    expect((await o.api(o.owner, `/members/${ada}/role`, 'PUT', { role: 'member' })).status).toBe(200);
    await scim(o.conn, 'PATCH', `/Groups/${group.body.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: 'members' }] });
    expect((await o.member(ada)).role).toBe('member');
  });

  test('only Owners manage rules: an Admin is refused on GET, PUT and the dry run', async () => {
    const o = await setup({ premium: 1, standard: 1 });
    const body = { rules: [{ match: { group: 'IT' }, role: 'admin' }] };
    for (const [path, method] of [['/provisioning-rules', 'GET'], ['/provisioning-rules', 'PUT'], ['/provisioning-rules/preview', 'POST']] as const) {
      const res = await o.api(o.admin, path, method, method === 'GET' ? undefined : body);
      expect(res.status).toBe(403);
      expect((await json(res)).error.code).toBe('ROLE_FORBIDDEN');
    }
    expect(await json(o.api(o.owner, '/provisioning-rules'))).toEqual({ rules: [], defaultSeatTier: 'highest' });
  });

  test('the Primary Owner signed in changes rules from the console\'s origin; another origin is refused and nothing is stored', async () => {
    const o = await setup({ premium: 1, standard: 1 });
    const cookie = await consoleSignIn(s.url, s.db.db, o.org.slug, `po@${o.domain}`);
    const put = (origin: string) => fetch(`${s.url}/api/v1/provisioning-rules`, {
      method: 'PUT', headers: { cookie, origin, 'content-type': 'application/json' }, body: JSON.stringify({ rules: [{ match: { group: 'IT' }, role: 'admin' }] }),
    });
    const refused = await put('https://evil.example');
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe('CROSS_SITE_REQUEST');
    expect(await json(o.api(o.owner, '/provisioning-rules'))).toEqual({ rules: [], defaultSeatTier: 'highest' });
    expect((await put(new URL(s.url).origin)).status).toBe(200);
    expect((await json(o.api(o.owner, '/provisioning-rules'))).rules).toHaveLength(1);
    const logged = await listEvents(s.db.db, o.org.id, { events: ['org.rules_changed'] });
    expect(logged.events).toHaveLength(1);
    expect(logged.events[0]).toMatchObject({ method: 'admin', detail: { rules: 1, defaultSeatTier: 'highest', before: { rules: 0, defaultSeatTier: 'highest' } } });
  });

  test.each([
    ['an unknown tier', { rules: [{ match: { group: 'IT' }, seatTier: 'gold' }] }, 'rules[0].seatTier'],
    ['an unknown default', { rules: [], defaultSeatTier: 'platinum' }, 'defaultSeatTier'],
    ['an owner role', { rules: [{ match: { group: 'IT' }, role: 'owner' }] }, 'rules.0.role'],
    ['a duplicate group', { rules: [{ match: { group: 'IT' }, role: 'admin' }, { match: { group: 'it' }, seatTier: 'premium' }] }, 'rules[1].match.group'],
    ['a NUL in a group name', '{"rules":[{"match":{"group":"I\\u0000T"},"role":"admin"}]}', 'rules[0].match.group'],
  ])('PUT refuses %s with 400 INVALID_INPUT and stores nothing', async (_name, body, field) => {
    const o = await setup({ premium: 1, standard: 1 });
    const res = await o.api(o.owner, '/provisioning-rules', 'PUT', body);
    expect(res.status).toBe(400);
    const err = (await json(res)).error;
    expect(err.code).toBe('INVALID_INPUT');
    expect(JSON.stringify(err)).toContain(field);
    expect(await s.db.db.selectFrom('provisioning_rules').select('org_id').where('org_id', '=', o.org.id).execute()).toEqual([]);
  });

  test('the dry run answers who would change, be refused or wait, and the seats needed — and changes nothing', async () => {
    const o = await setup({ premium: 2, standard: 5 });
    const ada = await o.addUser('ada'); // premium (the last)
    const grace = await o.addUser('grace'); // standard
    const linus = await o.addUser('linus'); // standard
    await scim(o.conn, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Engineering', members: [{ value: grace }, { value: linus }] });
    await scim(o.conn, 'POST', '/Groups', { schemas: [GROUP], displayName: 'IT', members: [{ value: ada }, { value: o.poId }] });
    const before = await snapshot(s.db.db);
    const res = await o.api(o.owner, '/provisioning-rules/preview', 'POST', {
      rules: [{ match: { group: 'IT' }, role: 'admin' }, { match: { group: 'Engineering' }, seatTier: 'premium' }], defaultSeatTier: 'standard',
    });
    expect(res.status).toBe(200);
    const preview = await json(res);
    // ada and the Primary Owner leave premium (default standard): both engineers take their seats.
    expect(preview.members).toBe(4);
    expect(preview.changes).toEqual(expect.arrayContaining([
      { memberId: ada, userName: `ada@${o.domain}`, role: { from: 'member', to: 'admin' }, tier: { from: 'premium', to: 'standard' } },
      { memberId: grace, userName: `grace@${o.domain}`, tier: { from: 'standard', to: 'premium' } },
      { memberId: linus, userName: `linus@${o.domain}`, tier: { from: 'standard', to: 'premium' } },
      { memberId: o.poId, userName: `po@${o.domain}`, tier: { from: 'premium', to: 'standard' } },
    ]));
    expect(preview.changes).toHaveLength(4);
    expect(preview.refused).toEqual([{ memberId: o.poId, userName: `po@${o.domain}`, role: 'primary_owner', wantedRole: 'admin' }]);
    expect(preview.queued).toEqual([]);
    expect(preview.seatsNeeded).toEqual({ premium: 0, standard: 0 });
    const tight = await json(o.api(o.owner, '/provisioning-rules/preview', 'POST', { rules: [{ match: { group: 'Engineering' }, seatTier: 'premium' }] }));
    expect(tight.queued).toEqual([
      { memberId: grace, userName: `grace@${o.domain}`, wantedTier: 'premium', keepsTier: 'standard' },
      { memberId: linus, userName: `linus@${o.domain}`, wantedTier: 'premium', keepsTier: 'standard' },
    ]);
    expect(tight.seatsNeeded).toEqual({ premium: 2, standard: 0 });
    expect(await snapshot(s.db.db)).toEqual(before);
  });
});

/** Every table a rule change could touch, row by row. */
async function snapshot(db: Kysely<Database>): Promise<Record<string, unknown[]>> {
  const tables = ['members', 'seat_pools', 'provisioning_events', 'provisioning_rules', 'member_rule_roles', 'member_idp_groups', 'group_members', 'groups', 'sessions'];
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = (await sql<{ row: unknown }>`select to_jsonb(x) as row from ${sql.table(t)} x order by to_jsonb(x)::text`.execute(db)).rows;
  return out;
}
