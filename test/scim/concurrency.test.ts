// Concurrent SCIM creates over HTTP on the PostgreSQL server (PGlite is one connection): the seat
// allocator and the userName index hold under load.
import { describeWithServer } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { seatInvariantViolations } from '../support/invariants.js';
import { seatCounts } from '../../src/domain/seats/allocator.js';
import { scim, scimOrg, user } from './support.js';

describeWithServer('SCIM under concurrency [postgres]', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer('postgres'); });
  afterAll(async () => { await server.stop(); });

  test('100 concurrent creates against 40 seats: exactly 40 users, 60 documented 403s, nothing left behind', async () => {
    const o = await scimOrg(server, { standard: 30, premium: 10 });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => scim(o, 'POST', '/Users', user(`c${i}@example.com`))));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(40);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(60);
    for (const r of refused) {
      expect(r.status).toBe(403);
      expect(r.body.detail).toMatch(/^No seats are available \(premium: 10 of 10 claimed, standard: 30 of 30 claimed\)/);
    }
    const members = await server.db.db.selectFrom('members').select(['status']).where('org_id', '=', o.orgId).execute();
    expect(members).toHaveLength(40);
    expect(await seatCounts(server.db.db, o.orgId)).toEqual({ premium: { purchased: 10, claimed: 10 }, standard: { purchased: 30, claimed: 30 } });
    expect((await scim(o, 'GET', '/Users?count=1')).body.totalResults).toBe(40);
    expect(await seatInvariantViolations(server.db.db)).toEqual([]);
  });

  test('50 identical concurrent POSTs: one 201, 49 × 409 uniqueness, one seat', async () => {
    const o = await scimOrg(server, { standard: 50, premium: 0 });
    const results = await Promise.all(Array.from({ length: 50 }, () => scim(o, 'POST', '/Users', user('same@example.com'))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const conflicts = results.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(49);
    for (const r of conflicts) expect(r.body.scimType).toBe('uniqueness');
    expect((await seatCounts(server.db.db, o.orgId)).standard!.claimed).toBe(1);
    expect(await seatInvariantViolations(server.db.db)).toEqual([]);
  });
});
