// Reassigning and removing members over the admin API: tier moves only into a tier with room,
// removal and suspension free the seat, an Admin cannot act on an Owner, and each change is logged.
import { describeEachDatabase } from '../support/databases.js';
import { json } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { seatInvariantViolations } from '../support/invariants.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { provision } from '../../src/domain/members/provision.js';
import { seatCounts } from '../../src/domain/seats/allocator.js';
import { listEvents } from '../../src/domain/log/provisioning-log.js';
import { systemClock } from '../../src/domain/clock.js';
import type { Role } from '../../src/db/schema.js';

describeEachDatabase('member changes over the admin API', (kind) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(kind); });
  afterAll(async () => { expect(await seatInvariantViolations(s.db.db)).toEqual([]); await s?.stop(); });

  async function setup(seats: { premium: number; standard: number }) {
    const o = await makeOrg(s.db.db, seats);
    const admin = (await createApiKey(s.db.db, o.org.id, 'admin', 'admin', systemClock)).secret;
    const add = async (name: string, role: Role = 'member') => (await provision(s.db.db, { path: 'scim', active: true, fields: { orgId: o.org.id, userName: `${name}@${o.domain}`, email: `${name}@${o.domain}`, role } }, ctx())).id;
    const api = (path: string, method = 'GET', body?: unknown) => fetch(`${s.url}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { orgId: o.org.id, add, api };
  }

  test('moves a member to a tier with room, and refuses a full tier without changing anything', async () => {
    const o = await setup({ premium: 1, standard: 2 });
    const ann = await o.add('ann');
    const bob = await o.add('bob');
    const res = await o.api(`/members/${ann}`, 'PATCH', { seatTier: 'standard' });
    expect(res.status).toBe(200);
    expect((await json(res)).seatTier).toBe('standard');
    const full = await o.api(`/members/${bob}`, 'PATCH', { seatTier: 'premium' });
    expect(full.status).toBe(200);
    const refused = await o.api(`/members/${ann}`, 'PATCH', { seatTier: 'premium' });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.code).toBe('SEATS_EXHAUSTED');
    expect(await seatCounts(s.db.db, o.orgId)).toEqual({ premium: { purchased: 1, claimed: 1 }, standard: { purchased: 2, claimed: 1 } });
    expect((await listEvents(s.db.db, o.orgId, { events: ['seat.tier_changed'] })).events).toHaveLength(2);
  });

  test('removing a member frees the seat for someone else, and is logged', async () => {
    const o = await setup({ premium: 0, standard: 1 });
    const ann = await o.add('ann');
    await expect(o.add('bob')).rejects.toMatchObject({ code: 'SEATS_EXHAUSTED' });
    const res = await o.api(`/members/${ann}`, 'DELETE');
    expect(res.status).toBe(200);
    expect((await json(res)).status).toBe('deprovisioned');
    // bob was turned away and queued: the freed seat is his, in the removal's transaction.
    const bob = await s.db.db.selectFrom('members').select(['id', 'status', 'seat_tier']).where('org_id', '=', o.orgId).where('email', 'like', 'bob@%').executeTakeFirstOrThrow();
    expect(bob).toMatchObject({ status: 'active', seat_tier: 'standard' });
    const { events } = await listEvents(s.db.db, o.orgId, { events: ['member.deprovisioned'] });
    expect(events[0]).toMatchObject({ memberId: ann, actor: { type: 'api_key' }, method: 'admin' });
    const claimed = await listEvents(s.db.db, o.orgId, { events: ['seat.claimed'], memberId: bob.id });
    expect(claimed.events[0]).toMatchObject({ reason: 'queued' });
  });

  test('suspending frees the seat; reactivating needs one', async () => {
    const o = await setup({ premium: 0, standard: 1 });
    const ann = await o.add('ann');
    expect((await json(o.api(`/members/${ann}/suspend`, 'POST'))).status).toBe('suspended');
    const bob = await o.add('bob');
    const refused = await o.api(`/members/${ann}/reactivate`, 'POST');
    expect((await json(refused)).error.code).toBe('SEATS_EXHAUSTED');
    await o.api(`/members/${bob}`, 'DELETE');
    expect((await json(o.api(`/members/${ann}/reactivate`, 'POST'))).status).toBe('active');
  });

  test.each([
    ['remove', 'DELETE', ''], ['suspend', 'POST', '/suspend'], ['demote', 'PUT', '/role'],
  ])('an admin cannot %s an owner', async (_name, method, suffix) => {
    const o = await setup({ premium: 0, standard: 2 });
    const owner = await o.add('olga', 'owner');
    const res = await o.api(`/members/${owner}${suffix}`, method, suffix === '/role' ? { role: 'member' } : undefined);
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('ROLE_FORBIDDEN');
    expect((await s.db.db.selectFrom('members').select(['status', 'role']).where('id', '=', owner).executeTakeFirstOrThrow())).toEqual({ status: 'active', role: 'owner' });
  });

  test('an admin promotes a member to admin over HTTP, logged as member.role_changed', async () => {
    const o = await setup({ premium: 0, standard: 2 });
    const ann = await o.add('ann');
    expect((await json(o.api(`/members/${ann}/role`, 'PUT', { role: 'admin' }))).role).toBe('admin');
    expect((await listEvents(s.db.db, o.orgId, { events: ['member.role_changed'] })).events[0]?.detail).toEqual({ from: 'member', to: 'admin' });
  });

  test('nobody changes a member of another organization', async () => {
    const a = await setup({ premium: 0, standard: 1 });
    const b = await setup({ premium: 0, standard: 1 });
    const bea = await b.add('bea');
    for (const [path, method, body] of [[`/members/${bea}`, 'DELETE'], [`/members/${bea}`, 'PATCH', { seatTier: 'standard' }], [`/members/${bea}/suspend`, 'POST'], [`/members/${bea}/role`, 'PUT', { role: 'admin' }]] as const) {
      expect((await a.api(path, method, body)).status).toBe(404);
    }
  });
});
