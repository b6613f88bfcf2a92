// The seat-request queue end to end through the domain, on every database: refusals for lack of
// a seat are queued once per person, served oldest first in the transaction that makes room
// (a purchase, a removal), never overselling while arrivals race the purchase, and expired after
// their age. SCIM active=false creates need no seat at all.
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ctx, ManualClock } from '../support/fixtures.js';
import { seatInvariantViolations } from '../support/invariants.js';
import { orgWithContract, codeOf } from '../billing/support.js';
import { provision, type Arrival } from '../../src/domain/members/provision.js';
import { signIn, type SsoIdentity } from '../../src/domain/members/sign-in.js';
import { addOidcConnection } from '../../src/domain/sso/connections.js';
import { deprovision } from '../../src/domain/members/lifecycle.js';
import { confirmSeatChange } from '../../src/domain/billing/seat-changes.js';
import { expireSeatRequests } from '../../src/domain/seat-requests/queue.js';
import { seatRequestOverview } from '../../src/domain/seat-requests/overview.js';
import { seatCounts } from '../../src/domain/seats/allocator.js';
import { inTransaction } from '../../src/domain/storage/transaction.js';
import { invite } from '../../src/domain/invitations/invitations.js';
import { acceptInvitation } from '../../src/domain/invitations/accept.js';
import { addUnbilledSeats } from '../../src/domain/billing/unbilled-seats.js';

const DAY = 86_400_000;

describeEachDatabase('seat requests', (kind) => {
  let t: TestDatabase;
  const clock = new ManualClock('2026-02-02T09:00:00Z');
  beforeAll(async () => { t = await createTestDatabase(kind, 20); });
  afterAll(() => t.close());
  afterEach(async () => { expect(await seatInvariantViolations(t.db)).toEqual([]); });

  async function setup(seats: { premium: number; standard: number }) {
    const o = await orgWithContract(t.db, seats, clock);
    const scim = (name: string, active = true): Arrival =>
      ({ path: 'scim', active, fields: { orgId: o.org.id, userName: `${name}@${o.domain}`, email: `${name}@${o.domain}` } });
    const arrive = async (name: string) => { clock.advance(1000); return codeOf(provision(t.db, scim(name), ctx('scim', clock))); };
    const queued = () => t.db.selectFrom('seat_requests').selectAll().where('org_id', '=', o.org.id).where('status', '=', 'queued')
      .orderBy('first_seen').execute();
    const events = (event: string) => t.db.selectFrom('provisioning_events').selectAll().where('org_id', '=', o.org.id)
      .where('event', '=', event).orderBy('id').execute();
    const member = (name: string) => t.db.selectFrom('members').selectAll().where('org_id', '=', o.org.id)
      .where('user_name', '=', `${name}@${o.domain}`).executeTakeFirst();
    return { ...o, scim, arrive, queued, events, member };
  }

  test('a person refused three times is one queued request with three attempts, and each refusal is logged once', async () => {
    const o = await setup({ premium: 0, standard: 1 });
    expect(await o.arrive('first')).toBe('NO_ERROR');
    for (let i = 0; i < 3; i++) expect(await o.arrive('waiting')).toBe('SEATS_EXHAUSTED');
    const queue = await o.queued();
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ person_key: `waiting@${o.domain}`, path: 'scim', wanted_tier: 'highest', attempts: 3 });
    expect(queue[0]!.last_seen.getTime() - queue[0]!.first_seen.getTime()).toBe(2000);
    expect(await o.events('seat.rejected')).toHaveLength(3);
    expect(await o.events('seat_request.created')).toHaveLength(1);
    expect((await o.events('member.rejected'))).toHaveLength(0);
  });

  test('a SCIM create with active=false when every seat is taken creates a suspended member holding no seat', async () => {
    const o = await setup({ premium: 0, standard: 1 });
    await o.arrive('first');
    const before = await seatCounts(t.db, o.org.id);
    const m = await provision(t.db, o.scim('parked', false), ctx('scim', clock));
    expect(m).toMatchObject({ status: 'suspended', seat_tier: null });
    expect(await seatCounts(t.db, o.org.id)).toEqual(before);
    expect(await o.queued()).toHaveLength(0);
    const log = (await t.db.selectFrom('provisioning_events').select('event').where('member_id', '=', m.id).orderBy('id').execute()).map((e) => e.event);
    expect(log).toEqual(['member.created', 'member.suspended']);
  });

  test('buying 5 seats seats the 5 oldest requests in the purchase\'s own transaction, each logged as queued', async () => {
    const o = await setup({ premium: 0, standard: 2 });
    await o.arrive('a');
    await o.arrive('b');
    const names = ['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6'];
    for (const n of names) expect(await o.arrive(n)).toBe('SEATS_EXHAUSTED');
    await o.arrive('q0'); // a second attempt keeps q0's place at the head
    // Inside a transaction that then fails, the purchase and the seating vanish together.
    const undone = await codeOf(inTransaction(t.db, async (tx) => {
      await confirmSeatChange(tx, o.org.id, { add: { standard: 5 } }, 'buy-five-undone', ctx('admin', clock));
      expect(await tx.selectFrom('members').select('id').where('org_id', '=', o.org.id).where('user_name', 'like', 'q%').execute()).toHaveLength(5);
      throw new Error('undo');
    }));
    expect(undone).toBe('RAW:undo');
    expect(await o.queued()).toHaveLength(7);
    expect(await o.member('q0')).toBeUndefined();
    const { receipt } = await confirmSeatChange(t.db, o.org.id, { add: { standard: 5 } }, 'buy-five', ctx('admin', clock));
    expect(receipt.seats.standard).toEqual({ purchased: 7, claimed: 7 });
    const seated = await Promise.all(names.map(o.member));
    expect(seated.map((m) => m?.status ?? null)).toEqual(['active', 'active', 'active', 'active', 'active', null, null]);
    expect((await o.queued()).map((r) => r.subject)).toEqual([`q5@${o.domain}`, `q6@${o.domain}`]);
    const claimed = (await o.events('seat.claimed')).filter((e) => e.reason === 'queued');
    expect(claimed.map((e) => e.subject)).toEqual(names.slice(0, 5).map((n) => `${n}@${o.domain}`));
    expect(await o.events('seat_request.served')).toHaveLength(5);
  });

  test('50 arrivals racing a purchase of 5 seats never oversell, and the 5 oldest requests get the seats', async () => {
    const o = await setup({ premium: 0, standard: 3 });
    for (const n of ['a', 'b', 'c']) await o.arrive(n);
    for (let i = 0; i < 5; i++) expect(await o.arrive(`old${i}`)).toBe('SEATS_EXHAUSTED');
    clock.advance(1000);
    const racers = Array.from({ length: 50 }, (_, i) => codeOf(provision(t.db, o.scim(`racer${i}`), ctx('scim', clock))));
    const purchase = confirmSeatChange(t.db, o.org.id, { add: { standard: 5 } }, 'race-five', ctx('admin', clock));
    const results = await Promise.all(racers);
    await purchase;
    expect(results.every((r) => r === 'SEATS_EXHAUSTED')).toBe(true);
    expect(await seatCounts(t.db, o.org.id)).toMatchObject({ standard: { purchased: 8, claimed: 8 } });
    for (let i = 0; i < 5; i++) expect((await o.member(`old${i}`))?.status).toBe('active');
    expect(await o.queued()).toHaveLength(50);
  });

  test('a freed seat goes to the oldest request; a JIT arrival is created, linked and mailed', async () => {
    const o = await setup({ premium: 0, standard: 1 });
    await o.arrive('holder');
    const conn = await addOidcConnection(t.db, { orgId: o.org.id, issuer: 'https://idp.example', clientId: 'c', clientSecret: 's'.repeat(32) });
    const who: SsoIdentity = { orgId: o.org.id, connection: { id: conn.id, label: conn.label }, subject: 'sub-jo', email: `jo@${o.domain}`, emailVerified: true };
    expect(await codeOf(signIn(t.db, who, { clock }))).toBe('SEATS_EXHAUSTED');
    expect(await o.queued()).toMatchObject([{ path: 'jit', subject: `jo@${o.domain}` }]);
    const holder = (await o.member('holder'))!;
    await inTransaction(t.db, (tx) => deprovision(tx, o.org.id, holder.id, ctx('admin', clock)));
    const jo = (await o.member('jo'))!;
    expect(jo).toMatchObject({ status: 'active', seat_tier: 'standard', created_via: 'jit' });
    const identity = await t.db.selectFrom('member_sso_identities').select('member_id').where('subject', '=', 'sub-jo').executeTakeFirst();
    expect(identity?.member_id).toBe(jo.id);
    const mails = await t.db.selectFrom('alert_deliveries').selectAll().where('org_id', '=', o.org.id).where('target', '=', jo.email).execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('You have a seat');
    // Their next sign-in signs them in, as any member.
    expect((await signIn(t.db, who, { clock })).created).toBe(false);
  });

  test('an invitation refused for lack of a seat of its tier is accepted when such a seat is added, and the person is mailed', async () => {
    const o = await setup({ premium: 1, standard: 1 });
    const deps = { db: t.db, clock, mailer: { send: async () => ({ via: 'outbox' as const, id: 'x' }) }, publicUrl: 'https://seatgate.test', ttlDays: 21, secret: undefined };
    const sent = await invite(deps, o.org.id, 'owner', { email: `ivy@${o.domain}`, role: 'admin', seatTier: 'premium' }, ctx('admin', clock));
    await o.arrive('takes-premium');
    const token = sent.link.split('/').at(-1)!;
    expect(await codeOf(acceptInvitation(deps, token, null))).toBe('SEATS_EXHAUSTED');
    expect(await o.queued()).toMatchObject([{ path: 'invite', wanted_tier: 'premium', subject: `ivy@${o.domain}` }]);
    // A standard seat is free, but the invitation asked for premium: it keeps waiting.
    await addUnbilledSeats(t.db, o.org.id, 'standard', 1, ctx('cli', clock), { complimentary: true });
    expect(await o.member('ivy')).toBeUndefined();
    await addUnbilledSeats(t.db, o.org.id, 'premium', 1, ctx('cli', clock), { complimentary: true });
    expect(await o.member('ivy')).toMatchObject({ status: 'active', seat_tier: 'premium', role: 'admin' });
    const inv = await t.db.selectFrom('invitations').select(['status', 'member_id']).where('id', '=', sent.invitation.id).executeTakeFirstOrThrow();
    expect(inv).toMatchObject({ status: 'accepted', member_id: (await o.member('ivy'))!.id });
    const mails = await t.db.selectFrom('alert_deliveries').select('subject').where('target', '=', `ivy@${o.domain}`).execute();
    expect(mails.map((m) => m.subject)).toEqual([`You have a seat in ${o.org.name} now`]);
  });

  test('the events feed carries seat_request.created and seat_request.served', async () => {
    const o = await setup({ premium: 0, standard: 1 });
    await o.arrive('holder');
    await o.arrive('next');
    await confirmSeatChange(t.db, o.org.id, { add: { standard: 1 } }, 'feed-one', ctx('admin', clock));
    const types = (await t.db.selectFrom('app_events').select('type').where('org_id', '=', o.org.id).execute()).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['seat_request.created', 'seat_request.served']));
  });

  test('the overview lists the queue with counts per wanted tier and quotes the seats to buy', async () => {
    const o = await setup({ premium: 0, standard: 1 });
    await o.arrive('holder');
    for (const n of ['x', 'y', 'z']) await o.arrive(n);
    const view = await seatRequestOverview(t.db, o.org.id, clock);
    expect(view.requests.map((r) => r.subject)).toEqual(['x', 'y', 'z'].map((n) => `${n}@${o.domain}`));
    expect(view.countsByWantedTier).toEqual({ highest: 3 });
    expect(view.seatsNeeded).toEqual({ premium: 0, standard: 3 });
    expect(view.quote?.seatsAfter.standard?.purchased).toBe(4);
    expect(view.quote?.invoice.lines[0]).toMatchObject({ kind: 'seat_purchase', tier: 'standard', quantity: 3 });
  });

  test('requests older than the configured age expire and are logged; younger ones stay queued', async () => {
    const o = await setup({ premium: 0, standard: 1 });
    await o.arrive('holder');
    await o.arrive('old');
    clock.advance(20 * DAY);
    await o.arrive('young');
    clock.advance(11 * DAY);
    expect(await expireSeatRequests(t.db, 30, ctx('admin', clock))).toBeGreaterThanOrEqual(1);
    expect((await o.queued()).map((r) => r.subject)).toEqual([`young@${o.domain}`]);
    const expired = await t.db.selectFrom('seat_requests').select('status').where('org_id', '=', o.org.id).where('subject', '=', `old@${o.domain}`).executeTakeFirstOrThrow();
    expect(expired.status).toBe('expired');
    expect(await o.events('seat_request.expired')).toHaveLength(1);
  });
});
