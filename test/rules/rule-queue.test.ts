// A provisioning rule's tier that is full goes into the one seat-request queue, on every database:
// the member keeps their seat, the refusal is logged once per evaluation and queued as a tier
// change; buying a seat of that tier moves the member there in the purchase's transaction; a
// request the rules stop wanting is withdrawn. And a JIT arrival claims by the rules' preference.
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ctx, ManualClock } from '../support/fixtures.js';
import { seatInvariantViolations } from '../support/invariants.js';
import { orgWithContract } from '../billing/support.js';
import { provision } from '../../src/domain/members/provision.js';
import { confirmSeatChange } from '../../src/domain/billing/seat-changes.js';
import { putRuleSet } from '../../src/domain/rules/rule-store.js';
import { reapplyRules } from '../../src/domain/rules/apply.js';
import { inTransaction } from '../../src/domain/storage/transaction.js';
import { addOidcConnection } from '../../src/domain/sso/connections.js';
import { signIn } from '../../src/domain/members/sign-in.js';

describeEachDatabase('a full rule tier queues a seat request', (kind) => {
  let t: TestDatabase;
  const clock = new ManualClock('2026-02-02T09:00:00Z');
  beforeAll(async () => { t = await createTestDatabase(kind); });
  afterAll(() => t.close());
  afterEach(async () => { expect(await seatInvariantViolations(t.db)).toEqual([]); });

  async function setup(seats: { premium: number; standard: number }) {
    const o = await orgWithContract(t.db, seats, clock);
    await putRuleSet(t.db, o.org.id, { rules: [{ match: { group: 'Engineering' }, seatTier: 'premium' }], defaultSeatTier: 'standard' }, ctx('admin', clock));
    const group = await t.db.insertInto('groups').values({ org_id: o.org.id, display_name: 'Engineering', external_id: null, created_at: clock.now(), updated_at: clock.now() })
      .returning('id').executeTakeFirstOrThrow();
    const arrive = (name: string) => provision(t.db, { path: 'scim', active: true, fields: { orgId: o.org.id, userName: `${name}@${o.domain}`, email: `${name}@${o.domain}` } }, ctx('scim', clock));
    // What a SCIM group PATCH does: change the membership, then re-evaluate, in one transaction.
    const setGroup = (memberIds: string[]) => inTransaction(t.db, async (tx) => {
      const before = (await tx.selectFrom('group_members').select('member_id').where('group_id', '=', group.id).execute()).map((r) => r.member_id);
      await tx.deleteFrom('group_members').where('group_id', '=', group.id).execute();
      for (const id of memberIds) await tx.insertInto('group_members').values({ group_id: group.id, member_id: id, org_id: o.org.id, display: null, added_at: clock.now() }).execute();
      await reapplyRules(tx, o.org.id, [...new Set([...before, ...memberIds])], ctx('scim', clock));
    });
    const requests = (memberId: string) => t.db.selectFrom('seat_requests').selectAll().where('org_id', '=', o.org.id).where('member_id', '=', memberId).orderBy('first_seen').execute();
    const events = (event: string, memberId: string) => t.db.selectFrom('provisioning_events').selectAll().where('org_id', '=', o.org.id)
      .where('event', '=', event).where('member_id', '=', memberId).orderBy('id').execute();
    const tierOf = async (id: string) => (await t.db.selectFrom('members').select('seat_tier').where('id', '=', id).executeTakeFirstOrThrow()).seat_tier;
    return { ...o, arrive, setGroup, requests, events, tierOf };
  }

  test('rule tier full -> request queued -> buying a seat of that tier moves the member, logged', async () => {
    const o = await setup({ premium: 0, standard: 3 });
    const linus = await o.arrive('linus');
    expect(linus.seat_tier).toBe('standard');
    await o.setGroup([linus.id]);
    expect(await o.tierOf(linus.id)).toBe('standard');
    expect(await o.events('seat.rejected', linus.id)).toEqual([
      expect.objectContaining({ outcome: 'rejected', tier: 'premium', detail: expect.objectContaining({ code: 'SEATS_EXHAUSTED', wantedTier: 'premium', heldTier: 'standard', rule: 0 }) }),
    ]);
    const [queued] = await o.requests(linus.id);
    expect(queued).toMatchObject({ path: 'tier_change', wanted_tier: 'premium', status: 'queued', attempts: 1 });
    // Evaluated again while still full: the same request, one more attempt.
    await o.setGroup([linus.id]);
    expect(await o.requests(linus.id)).toEqual([expect.objectContaining({ id: queued!.id, attempts: 2, status: 'queued' })]);

    clock.advance(1000);
    await confirmSeatChange(t.db, o.org.id, { add: { premium: 1 } }, 'buy-one-premium', ctx('admin', clock));
    expect(await o.tierOf(linus.id)).toBe('premium');
    expect(await o.events('seat.tier_changed', linus.id)).toEqual([
      expect.objectContaining({ tier: 'premium', reason: 'queued', detail: { from: 'standard', to: 'premium', reason: 'queued' } }),
    ]);
    expect(await o.events('seat_request.served', linus.id)).toEqual([
      expect.objectContaining({ tier: 'premium', detail: expect.objectContaining({ requestId: queued!.id, path: 'tier_change', wantedTier: 'premium' }) }),
    ]);
    expect(await o.requests(linus.id)).toEqual([expect.objectContaining({ status: 'served', served_member_id: linus.id })]);
  });

  test('leaving the group withdraws the queued request: a later purchase moves nobody', async () => {
    const o = await setup({ premium: 0, standard: 3 });
    const ada = await o.arrive('ada');
    await o.setGroup([ada.id]);
    expect(await o.requests(ada.id)).toEqual([expect.objectContaining({ status: 'queued' })]);
    await o.setGroup([]);
    expect(await o.requests(ada.id)).toEqual([expect.objectContaining({ status: 'expired' })]);
    expect(await o.events('seat_request.expired', ada.id)).toHaveLength(1);
    await confirmSeatChange(t.db, o.org.id, { add: { premium: 1 } }, 'buy-premium-nobody', ctx('admin', clock));
    expect(await o.tierOf(ada.id)).toBe('standard');
  });

  test('a JIT arrival claims by the rules: the rule tier when free, else the default with the wanted tier queued', async () => {
    const o = await setup({ premium: 1, standard: 3 });
    const conn = await addOidcConnection(t.db, { orgId: o.org.id, issuer: 'https://idp.example', clientId: 'c', clientSecret: 's'.repeat(32) });
    const who = (name: string, groups: string[]) => ({
      orgId: o.org.id, connection: { id: conn.id, label: 'oidc' }, subject: `sub-${name}`, email: `${name}@${o.domain}`, emailVerified: true, groups,
    });
    const grace = (await signIn(t.db, who('grace', ['Engineering']), { clock })).member;
    expect(grace.seat_tier).toBe('premium');
    const linus = (await signIn(t.db, who('linus', ['engineering ']), { clock })).member;
    expect(linus.seat_tier).toBe('standard');
    expect(await o.requests(linus.id)).toEqual([expect.objectContaining({ path: 'tier_change', wanted_tier: 'premium', status: 'queued' })]);
    const other = (await signIn(t.db, who('sam', ['Sales']), { clock })).member;
    expect(other.seat_tier).toBe('standard');
    expect(await o.requests(other.id)).toEqual([]);
    // Both kept their IdP groups (for later SCIM changes), from the arrival's own transaction.
    const kept = await t.db.selectFrom('member_idp_groups').select(['member_id', 'groups']).where('org_id', '=', o.org.id).orderBy('seen_at').execute();
    expect(kept.map((k) => k.member_id).sort()).toEqual([grace.id, linus.id, other.id].sort());
  });
});
