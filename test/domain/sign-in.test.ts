import { describeEachDatabase, describeWithServer, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { seatInvariantViolations } from '../support/invariants.js';
import { signIn, type SsoIdentity } from '../../src/domain/members/sign-in.js';
import { addOidcConnection } from '../../src/domain/sso/connections.js';
import { provision } from '../../src/domain/members/provision.js';
import { deprovision, suspend } from '../../src/domain/members/lifecycle.js';
import { listEvents } from '../../src/domain/log/provisioning-log.js';
import { DomainError, NoSeatsAvailable } from '../../src/domain/errors.js';
import { systemClock } from '../../src/domain/clock.js';

const opts = { clock: systemClock, requestId: 'test' };

async function setup(db: TestDatabase, seats: { premium: number; standard: number }) {
  const org = await makeOrg(db.db, seats);
  const conn = await addOidcConnection(db.db, { orgId: org.org.id, issuer: 'https://idp.example', clientId: 'c', clientSecret: 's'.repeat(32) });
  const who = (sub: string, email = `${sub}@${org.domain}`, extra: Partial<SsoIdentity> = {}): SsoIdentity =>
    ({ orgId: org.org.id, connection: { id: conn.id, label: conn.label }, subject: sub, email, emailVerified: true, ...extra });
  return { org, conn, who };
}

type Who = Awaited<ReturnType<typeof setup>>['who'];

async function codeOf(p: Promise<unknown>): Promise<string> {
  try { await p; return 'OK'; } catch (err) { if (err instanceof DomainError) return err.code; throw err; }
}

describeEachDatabase('JIT sign-in', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase(kind); });
  afterAll(() => db.close());

  test('a first sign-in creates a member with role member and the best seat, and links the identity', async () => {
    const { who, conn } = await setup(db, { premium: 1, standard: 1 });
    const first = await signIn(db.db, who('ada'), opts);
    expect(first).toMatchObject({ created: true, member: { role: 'member', seat_tier: 'premium', created_via: 'jit' } });
    const again = await signIn(db.db, who('ada'), opts);
    expect(again).toMatchObject({ created: false, member: { id: first.member.id } });
    const link = await db.db.selectFrom('member_sso_identities').selectAll().where('connection_id', '=', conn.id).execute();
    expect(link).toEqual([expect.objectContaining({ subject: 'ada', member_id: first.member.id })]);
  });

  test('the identity is the subject, not the email: a new subject with a known email does not take the member over', async () => {
    const { who } = await setup(db, { premium: 3, standard: 0 });
    await signIn(db.db, who('ada-sub'), opts);
    expect(await codeOf(signIn(db.db, who('attacker-sub', (await who('ada-sub')).email), opts))).toBe('SSO_IDENTITY_CONFLICT');
  });

  test('an existing member created by SCIM is linked at first SSO (verified email) without a second seat', async () => {
    const { who, org } = await setup(db, { premium: 1, standard: 0 });
    const scim = await provision(db.db, { path: 'scim', active: true, fields: { orgId: org.org.id, userName: `bob@${org.domain}`, email: `bob@${org.domain}` } }, ctx('scim'));
    const out = await signIn(db.db, who('bob-sub', `bob@${org.domain}`), opts);
    expect(out).toMatchObject({ created: false, member: { id: scim.id } });
  });

  test.each([
    ['suspended', suspend],
    ['deprovisioned', deprovision],
  ] as const)('a member %s by SCIM is refused at the next sign-in and never recreated (sticky removal)', async (_status, remove) => {
    const { who, org } = await setup(db, { premium: 2, standard: 0 });
    const { member } = await signIn(db.db, who('carol'), opts);
    await db.db.transaction().execute((tx) => remove(tx, org.org.id, member.id, ctx('scim')));
    expect(await codeOf(signIn(db.db, who('carol'), opts))).toBe('MEMBER_REMOVED');
    const rows = await db.db.selectFrom('members').select('status').where('org_id', '=', org.org.id).execute();
    expect(rows).toHaveLength(1);
  });

  test('a removed member cannot come back through a new identity with the same email either', async () => {
    const { who, org } = await setup(db, { premium: 2, standard: 0 });
    const { member } = await signIn(db.db, who('dave'), opts);
    await db.db.transaction().execute((tx) => deprovision(tx, org.org.id, member.id, ctx('scim')));
    expect(await codeOf(signIn(db.db, who('dave-new-sub', `dave@${org.domain}`), opts))).toBe('MEMBER_REMOVED');
  });

  test.each([
    ['an email on another domain', 'DOMAIN_NOT_VERIFIED', (w: Who) => w('x', 'x@gmail.com')],
    ['an unverified email', 'EMAIL_NOT_VERIFIED', (w: Who) => w('y', undefined, { emailVerified: false })],
    ['a lookalike subdomain', 'DOMAIN_NOT_VERIFIED', (w: Who) => w('z', `z@evil.${'example.com'}`)],
  ])('refuses %s and creates nobody', async (_n, code, make) => {
    const s = await setup(db, { premium: 2, standard: 0 });
    expect(await codeOf(signIn(db.db, make(s.who), opts))).toBe(code);
    expect(await db.db.selectFrom('members').select('id').where('org_id', '=', s.org.org.id).execute()).toEqual([]);
  });

  test('with JIT disabled an unknown person is refused', async () => {
    const { who, org } = await setup(db, { premium: 2, standard: 0 });
    await db.db.updateTable('organizations').set({ jit_enabled: false }).where('id', '=', org.org.id).execute();
    expect(await codeOf(signIn(db.db, who('erin'), opts))).toBe('JIT_DISABLED');
  });

  test('ten simultaneous first sign-ins of one person leave one member.created and no rejection row', async () => {
    const { who, org } = await setup(db, { premium: 0, standard: 5 });
    const results = await Promise.all(Array.from({ length: 10 }, () => signIn(db.db, who('same-again'), opts)));
    expect(new Set(results.map((r) => r.member.id)).size).toBe(1);
    const log = await db.db.selectFrom('provisioning_events').select(['event', 'outcome']).where('org_id', '=', org.org.id).execute();
    expect(log.filter((e) => e.event === 'member.created')).toHaveLength(1);
    expect(log.filter((e) => e.outcome === 'rejected')).toEqual([]);
  });

  test('every outcome, refusals included, is logged with the connection as actor', async () => {
    const { who, org, conn } = await setup(db, { premium: 1, standard: 0 });
    await signIn(db.db, who('f1'), opts);
    await codeOf(signIn(db.db, who('f2'), opts));
    await codeOf(signIn(db.db, who('f3', 'f3@gmail.com'), opts));
    const { events } = await listEvents(db.db, org.org.id, { method: 'jit' });
    expect(events.map((e) => [e.event, e.outcome])).toEqual([
      // The refusal for lack of a seat is queued: one seat request for f2.
      ['sso.rejected', 'rejected'], ['seat_request.created', 'success'], ['seat.rejected', 'rejected'], ['sso.signed_in', 'success'], ['seat.claimed', 'success'], ['member.created', 'success'],
    ]);
    expect(events.every((e) => e.actor.type === 'sso_connection' && e.actor.id === conn.id)).toBe(true);
  });
});

describeWithServer('JIT under load [postgres]', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase('postgres', 30); });
  afterAll(() => db.close());

  test('ten simultaneous first sign-ins of one person give one member, one member.created and no refusal in the log', async () => {
    const { who, org } = await setup(db, { premium: 0, standard: 5 });
    const results = await Promise.all(Array.from({ length: 10 }, () => signIn(db.db, who('same-person'), opts)));
    expect(new Set(results.map((r) => r.member.id)).size).toBe(1);
    expect(await db.db.selectFrom('members').select('id').where('org_id', '=', org.org.id).execute()).toHaveLength(1);
    const log = await db.db.selectFrom('provisioning_events').select(['event', 'outcome']).where('org_id', '=', org.org.id).execute();
    expect(log.filter((e) => e.event === 'member.created')).toHaveLength(1);
    expect(log.filter((e) => e.outcome === 'rejected')).toEqual([]);
    expect(log.filter((e) => e.event === 'sso.signed_in')).toHaveLength(10);
  });

  test('300 concurrent first-time sign-ins against 100 seats create exactly 100 members and 200 clean refusals', async () => {
    const { who, org } = await setup(db, { premium: 40, standard: 60 });
    // All 300 in flight at once, from two server processes' worth of connection pools (15 each):
    // requests queue for a connection as they would in production, with a patient timeout so a
    // slow CI machine turns into waiting, not into 503s.
    const pools = [await db.openAnotherPool(15, 120_000), await db.openAnotherPool(15, 120_000)];
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => signIn(pools[i % 2]!.db, who(`user-${i}`), opts).then(() => 'OK', (err) => {
      if (err instanceof NoSeatsAvailable) return 'SEATS_EXHAUSTED';
      throw err;
    })));
    expect(results.filter((r) => r === 'OK')).toHaveLength(100);
    expect(results.filter((r) => r === 'SEATS_EXHAUSTED')).toHaveLength(200);
    const members = await db.db.selectFrom('members').select(['seat_tier']).where('org_id', '=', org.org.id).execute();
    expect(members).toHaveLength(100);
    expect(members.filter((m) => m.seat_tier === 'premium')).toHaveLength(40);
    expect(await db.db.selectFrom('member_sso_identities').select('subject').where('org_id', '=', org.org.id).execute()).toHaveLength(100);
    const { events } = await listEvents(db.db, org.org.id, { events: ['seat.rejected'], limit: 1000 });
    expect(events).toHaveLength(200);
    expect(await seatInvariantViolations(db.db)).toEqual([]);
  });
});
