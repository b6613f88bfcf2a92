import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ctx, makeOrg, ManualClock } from '../support/fixtures.js';
import { provision } from '../../src/domain/members/provision.js';
import { suspend } from '../../src/domain/members/lifecycle.js';
import { inTransaction } from '../../src/domain/storage/transaction.js';
import { listEvents, type EventFilter } from '../../src/domain/log/provisioning-log.js';
import { DomainError } from '../../src/domain/errors.js';

const at = (iso: string) => new Date(iso);
const b64 = (s: string) => Buffer.from(s).toString('base64url');

describeEachDatabase('provisioning log queries', (kind) => {
  let t: TestDatabase;
  let orgId: string;
  let aliceId: string;
  let bobId: string;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org, domain } = await makeOrg(t.db, { premium: 1, standard: 1 });
    orgId = org.id;
    clock.set('2026-01-10T09:00:00Z');
    aliceId = (await provision(t.db, { path: 'scim', active: true, fields: { orgId, userName: `alice@${domain}`, email: `alice@${domain}` } }, ctx('scim', clock))).id;
    clock.set('2026-01-11T09:00:00Z');
    bobId = (await provision(t.db, { path: 'scim', active: true, fields: { orgId, userName: `bob@${domain}`, email: `bob@${domain}` } }, ctx('jit', clock))).id;
    clock.set('2026-01-12T09:00:00Z');
    await provision(t.db, { path: 'scim', active: true, fields: { orgId, userName: `carol@${domain}`, email: `carol@${domain}` } }, ctx('jit', clock)).catch(() => {});
    clock.set('2026-01-13T09:00:00Z');
    await inTransaction(t.db, (tx) => suspend(tx, orgId, aliceId, ctx('admin', clock), 'left the team'));
  });
  afterAll(async () => { await t?.close(); });

  const list = async (filter: EventFilter) => (await listEvents(t.db, orgId, filter)).events.map((e) => `${e.event}:${e.subject}`);

  test('lists every event of the org newest first', async () => {
    // Alice's released seat goes to Carol's queued request in the suspension's transaction.
    expect(await list({})).toEqual([
      expect.stringMatching(/^seat_request\.served:carol@/), expect.stringMatching(/^seat\.claimed:carol@/),
      expect.stringMatching(/^member\.created:carol@/),
      `member.suspended:${await subject(aliceId)}`, `seat.released:${await subject(aliceId)}`,
      expect.stringMatching(/^seat_request\.created:carol@/), expect.stringMatching(/^seat\.rejected:carol@/),
      expect.stringMatching(/^seat\.claimed:bob@/), expect.stringMatching(/^member\.created:bob@/),
      expect.stringMatching(/^seat\.claimed:alice@/), expect.stringMatching(/^member\.created:alice@/),
      'seats.added:null', 'seats.added:null',
    ]);
  });

  test('filters by time range: since is inclusive, until exclusive', async () => {
    const names = await list({ since: at('2026-01-11T09:00:00Z'), until: at('2026-01-13T09:00:00Z') });
    expect(names.map((n) => n.split(':')[0])).toEqual(['seat_request.created', 'seat.rejected', 'seat.claimed', 'member.created']);
  });

  test('filters by member, event type and outcome, combined', async () => {
    expect((await listEvents(t.db, orgId, { memberId: bobId })).events.every((e) => e.memberId === bobId)).toBe(true);
    expect(await list({ memberId: bobId })).toHaveLength(2);
    expect((await list({ events: ['seat.claimed', 'seat.released'] })).map((n) => n.split(':')[0]))
      .toEqual(['seat.claimed', 'seat.released', 'seat.claimed', 'seat.claimed']);
    const rejected = (await listEvents(t.db, orgId, { outcome: 'rejected' })).events;
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ event: 'seat.rejected', outcome: 'rejected', method: 'jit', memberId: null, requestId: 'test-request' });
    expect(await list({ memberId: aliceId, events: ['member.suspended'], outcome: 'success' })).toHaveLength(1);
    expect(await list({ method: 'jit' })).toHaveLength(4);
  });

  test('records who acted, how, and why', async () => {
    const [suspended] = (await listEvents(t.db, orgId, { events: ['member.suspended'] })).events;
    expect(suspended).toMatchObject({ method: 'admin', actor: { type: 'system', label: 'test' }, reason: 'left the team', occurredAt: '2026-01-13T09:00:00.000Z' });
  });

  test('pages with a cursor stay stable while new events arrive', async () => {
    const { org, domain } = await makeOrg(t.db, { premium: 0, standard: 20 });
    for (let i = 0; i < 4; i++) await provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, userName: `p${i}@${domain}`, email: `p${i}@${domain}` } }, ctx());
    const everything = (await listEvents(t.db, org.id, { limit: 1000 })).events.map((e) => e.id);
    expect(everything).toHaveLength(9);
    const seen: string[] = [];
    let cursor: string | undefined;
    let n = 0;
    do {
      const page = await listEvents(t.db, org.id, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
      await provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, userName: `late${n}@${domain}`, email: `late${n++}@${domain}` } }, ctx());
    } while (cursor);
    expect(seen).toEqual(everything);
  });

  test('the last page has no next cursor', async () => {
    const page = await listEvents(t.db, orgId, { limit: 1000 });
    expect(page.nextCursor).toBeNull();
  });

  test.each([
    ['not base64 of a cursor', 'garbage!'],
    ['a cursor of another kind', b64('x:5')],
    ['a non-numeric id', b64('e:abc')],
    ['a negative id', b64('e:-1')],
    ['an id too long to be ours', b64('e:1234567890123456')],
    ['SQL in a cursor', b64("e:1' or '1'='1")],
  ])('refuses %s with INVALID_INPUT', async (_name, cursor) => {
    const err = await listEvents(t.db, orgId, { cursor }).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe('INVALID_INPUT');
  });

  test.each([0, -1, 1.5, 1001])('refuses a page size of %p with INVALID_INPUT', async (limit) => {
    await expect(listEvents(t.db, orgId, { limit })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  async function subject(memberId: string): Promise<string> {
    const m = await t.db.selectFrom('members').select('user_name').where('id', '=', memberId).executeTakeFirstOrThrow();
    return m.user_name;
  }
});
