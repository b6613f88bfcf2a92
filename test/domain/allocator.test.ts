import { sql } from 'kysely';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { seatInvariantViolations } from '../support/invariants.js';
import { provision } from '../../src/domain/members/provision.js';
import { addSeats, changeTier, seatCounts } from '../../src/domain/seats/allocator.js';
import { deprovision, reactivate, suspend } from '../../src/domain/members/lifecycle.js';
import { inTransaction } from '../../src/domain/storage/transaction.js';
import { NoSeatsAvailable, DomainError } from '../../src/domain/errors.js';
import { listEvents } from '../../src/domain/log/provisioning-log.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try { await p; return 'NO_ERROR'; } catch (err) { return err instanceof DomainError ? err.code : `RAW:${(err as Error).message}`; }
}

describeEachDatabase('seat allocator', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(kind); });
  afterAll(async () => { await t?.close(); });
  afterEach(async () => { expect(await seatInvariantViolations(t.db)).toEqual([]); });

  const person = (orgDomain: string, n: number) => ({ userName: `user${n}@${orgDomain}`, email: `user${n}@${orgDomain}` });

  test('hands out premium seats first, then standard, then refuses with the counts per tier', async () => {
    const { org, domain } = await makeOrg(t.db, { premium: 2, standard: 1 });
    const tiers = [];
    for (let i = 0; i < 3; i++) tiers.push((await provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, ...person(domain, i) } }, ctx('scim'))).seat_tier);
    expect(tiers).toEqual(['premium', 'premium', 'standard']);
    const err = await provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, ...person(domain, 9) } }, ctx('scim')).catch((e) => e);
    expect(err).toBeInstanceOf(NoSeatsAvailable);
    expect(err.code).toBe('SEATS_EXHAUSTED');
    expect(err.counts).toEqual({ premium: { purchased: 2, claimed: 2 }, standard: { purchased: 1, claimed: 1 } });
  });

  test('a refused arrival creates no member and is logged as rejected with its reason', async () => {
    const { org, domain } = await makeOrg(t.db, { premium: 0, standard: 0 });
    await expect(provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, ...person(domain, 1) } }, ctx('jit'))).rejects.toBeInstanceOf(NoSeatsAvailable);
    const members = await t.db.selectFrom('members').select('id').where('org_id', '=', org.id).execute();
    expect(members).toHaveLength(0);
    const { events } = await listEvents(t.db, org.id, { outcome: 'rejected' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: 'seat.rejected', method: 'jit', subject: `user1@${domain}`, requestId: 'test-request' });
    expect(events[0]!.reason).toMatch(/No seats are available/);
  });

  test('suspending releases the seat, reactivating claims one again, deprovisioning frees it for good', async () => {
    const { org, domain } = await makeOrg(t.db, { premium: 0, standard: 1 });
    const a = await provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, ...person(domain, 1) } }, ctx());
    await inTransaction(t.db, (tx) => suspend(tx, org.id, a.id, ctx()));
    expect((await seatCounts(t.db, org.id)).standard!.claimed).toBe(0);
    const b = await provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, ...person(domain, 2) } }, ctx());
    expect(await codeOf(inTransaction(t.db, (tx) => reactivate(tx, org.id, a.id, ctx())))).toBe('SEATS_EXHAUSTED');
    const stillSuspended = await t.db.selectFrom('members').select(['status', 'seat_tier']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(stillSuspended).toEqual({ status: 'suspended', seat_tier: null });
    await inTransaction(t.db, (tx) => deprovision(tx, org.id, b.id, ctx()));
    expect(await inTransaction(t.db, (tx) => reactivate(tx, org.id, a.id, ctx()))).toBe('standard');
    expect(await codeOf(inTransaction(t.db, (tx) => reactivate(tx, org.id, b.id, ctx())))).toBe('MEMBER_NOT_ACTIVE');
  });

  test('userName is unique per org case-insensitively, and free again after deprovisioning', async () => {
    const { org, domain } = await makeOrg(t.db, { premium: 0, standard: 5 });
    const a = await provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, userName: `Jane@${domain}`, email: `jane@${domain}` } }, ctx());
    expect(await codeOf(provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, userName: `JANE@${domain.toUpperCase()}`, email: `jane@${domain}` } }, ctx()))).toBe('USERNAME_TAKEN');
    await inTransaction(t.db, (tx) => deprovision(tx, org.id, a.id, ctx()));
    await expect(provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, userName: `jane@${domain}`, email: `jane@${domain}` } }, ctx())).resolves.toBeDefined();
    const other = await makeOrg(t.db, { premium: 0, standard: 1 });
    await expect(provision(t.db, { path: 'scim', active: true, fields: { orgId: other.org.id, userName: `jane@${domain}`, email: `jane@${domain}` } }, ctx())).resolves.toBeDefined();
  });

  test('changeTier moves a seat only when the target tier has room', async () => {
    const { org, domain } = await makeOrg(t.db, { premium: 1, standard: 2 });
    const a = await provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, ...person(domain, 1) } }, ctx());
    const b = await provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, ...person(domain, 2) } }, ctx());
    expect([a.seat_tier, b.seat_tier]).toEqual(['premium', 'standard']);
    expect(await codeOf(inTransaction(t.db, (tx) => changeTier(tx, org.id, b.id, 'premium', ctx())))).toBe('SEATS_EXHAUSTED');
    await inTransaction(t.db, (tx) => changeTier(tx, org.id, a.id, 'standard', ctx()));
    await inTransaction(t.db, (tx) => changeTier(tx, org.id, b.id, 'premium', ctx()));
    expect(await seatCounts(t.db, org.id)).toEqual({ premium: { purchased: 1, claimed: 1 }, standard: { purchased: 2, claimed: 1 } });
    const { events } = await listEvents(t.db, org.id, { events: ['seat.tier_changed'] });
    expect(events.map((e) => e.detail)).toEqual([{ from: 'standard', to: 'premium' }, { from: 'premium', to: 'standard' }]);
  });

  test('addSeats only ever increases the allocation', async () => {
    const { org } = await makeOrg(t.db, { premium: 0, standard: 1 });
    await inTransaction(t.db, (tx) => addSeats(tx, org.id, 'premium', 3, ctx()));
    expect((await seatCounts(t.db, org.id)).premium!.purchased).toBe(3);
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(await codeOf(inTransaction(t.db, (tx) => addSeats(tx, org.id, 'premium', bad, ctx())))).toBe('INVALID_INPUT');
    }
    expect(await codeOf(inTransaction(t.db, (tx) => tx.updateTable('seat_pools').set({ purchased: 1 }).where('org_id', '=', org.id).where('tier', '=', 'premium').execute())))
      .toBe('SEATS_NEVER_SHRINK');
  });

  test('the database refuses a claim that bypasses the allocator when the pool is full', async () => {
    const { org, domain } = await makeOrg(t.db, { premium: 0, standard: 1 });
    await provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, ...person(domain, 1) } }, ctx());
    const raw = t.db.insertInto('members').values({
      org_id: org.id, user_name: 'sneaky', email: `sneaky@${domain}`, role: 'member', status: 'active',
      seat_tier: 'standard', created_via: 'admin', display_name: null, given_name: null, family_name: null, external_id: null,
    }).execute();
    expect(await codeOf(inTransaction(t.db, () => raw))).toBe('SEATS_EXHAUSTED');
    const inconsistent = t.db.insertInto('members').values({
      org_id: org.id, user_name: 'ghost', email: `ghost@${domain}`, role: 'member', status: 'active',
      seat_tier: null, created_via: 'admin', display_name: null, given_name: null, family_name: null, external_id: null,
    }).execute();
    expect(await codeOf(inconsistent)).toMatch(/members_active_holds_seat/);
  });

  test('the provisioning log is append-only', async () => {
    const { org } = await makeOrg(t.db, { premium: 0, standard: 1 });
    await expect(sql`update provisioning_events set reason = 'x' where org_id = ${org.id}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from provisioning_events where org_id = ${org.id}`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  test('an org keeps exactly one primary owner', async () => {
    const domain = `po-${Date.now()}.example.com`;
    const { org, primaryOwner } = await makeOrg(t.db, { premium: 0, standard: 3 }, { domain, primaryOwnerEmail: `boss@${domain}` });
    const owner = primaryOwner!;
    expect(owner.role).toBe('primary_owner');
    expect(await codeOf(provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, ...person(domain, 2), role: 'primary_owner' } }, ctx()))).toBe('PRIMARY_OWNER_REQUIRED');
    expect(await codeOf(inTransaction(t.db, (tx) => deprovision(tx, org.id, owner.id, ctx())))).toBe('PRIMARY_OWNER_REQUIRED');
    const next = await provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, ...person(domain, 3), role: 'owner' } }, ctx());
    await inTransaction(t.db, async (tx) => {
      await tx.updateTable('members').set({ role: 'owner' }).where('id', '=', owner.id).execute();
      await tx.updateTable('members').set({ role: 'primary_owner' }).where('id', '=', next.id).execute();
    });
    const roles = await t.db.selectFrom('members').select(['id', 'role']).where('org_id', '=', org.id).where('role', '=', 'primary_owner').execute();
    expect(roles).toEqual([{ id: next.id, role: 'primary_owner' }]);
  });
});
