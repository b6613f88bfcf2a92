// The allocator under real contention: many processes' worth of connections claiming at once.
// PGlite is one connection, so this needs the PostgreSQL server (DATABASE_URL).
import { describeWithServer, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { seatInvariantViolations } from '../support/invariants.js';
import { provision } from '../../src/domain/members/provision.js';
import { seatCounts } from '../../src/domain/seats/allocator.js';
import { listEvents, MAX_PAGE } from '../../src/domain/log/provisioning-log.js';
import { NoSeatsAvailable } from '../../src/domain/errors.js';
import type { DatabaseHandle } from '../../src/db/connection.js';

const ARRIVALS = 200;
const SEATS = { premium: 20, standard: 30 };
const ROUNDS = [1, 2, 3];

describeWithServer('seat allocator under concurrent claims from separate connection pools [postgres]', () => {
  let t: TestDatabase;
  let pools: DatabaseHandle[];
  beforeAll(async () => {
    t = await createTestDatabase('postgres', 4);
    // Two pools that share nothing but the server, as two Seatgate processes would. 200 arrivals
    // queue for 24 connections and then for one org's pool rows: on a busy CI machine the last
    // ones wait longer than the production default of 5 s for a connection, which would fail them
    // as STORAGE_UNAVAILABLE — a pool-sizing effect, not the allocator this test is about.
    pools = [await t.openAnotherPool(12, 120_000), await t.openAnotherPool(12, 120_000)];
  });
  afterAll(async () => { await t?.close(); });

  test.each(ROUNDS)('round %i: of 200 simultaneous arrivals at 50 seats exactly 50 get one, premium first, and 150 are refused and logged', async () => {
    const { org, domain } = await makeOrg(t.db, SEATS);
    const userNames = Array.from({ length: ARRIVALS }, (_, i) => `user${i}@${domain}`);
    const results = await Promise.allSettled(userNames.map((userName, i) =>
      provision(pools[i % pools.length]!.db, { path: 'scim', active: true, fields: { orgId: org.id, userName, email: userName } }, ctx('scim'))));

    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const lost = results.flatMap((r, i) => (r.status === 'rejected' ? [{ userName: userNames[i]!, err: r.reason }] : []));
    expect(lost.map((l) => l.err.code ?? String(l.err))).toEqual(Array(150).fill('SEATS_EXHAUSTED'));
    expect(won).toHaveLength(50);
    for (const { err } of lost) {
      expect(err).toBeInstanceOf(NoSeatsAvailable);
      expect(err.code).toBe('SEATS_EXHAUSTED');
      expect(err.counts).toEqual({ premium: { purchased: 20, claimed: 20 }, standard: { purchased: 30, claimed: 30 } });
    }
    expect(won.filter((m) => m.seat_tier === 'premium')).toHaveLength(20);
    expect(won.filter((m) => m.seat_tier === 'standard')).toHaveLength(30);
    expect(await seatCounts(t.db, org.id)).toEqual({ premium: { purchased: 20, claimed: 20 }, standard: { purchased: 30, claimed: 30 } });
    expect(await seatInvariantViolations(t.db)).toEqual([]);

    // Claims are serialized on the pool rows, so log ids follow the order seats were handed out:
    // every standard seat went out only after the last premium one.
    const claimed = (await listEvents(t.db, org.id, { events: ['seat.claimed'], limit: MAX_PAGE })).events.reverse();
    expect(claimed.map((e) => e.tier)).toEqual([...Array(20).fill('premium'), ...Array(30).fill('standard')]);
    expect(new Set(claimed.map((e) => e.memberId))).toEqual(new Set(won.map((m) => m.id)));

    const rejected = (await listEvents(t.db, org.id, { outcome: 'rejected', limit: MAX_PAGE })).events;
    expect(rejected).toHaveLength(150);
    expect(rejected.every((e) => e.event === 'seat.rejected' && e.method === 'scim')).toBe(true);
    expect(new Set(rejected.map((e) => e.subject))).toEqual(new Set(lost.map((l) => l.userName)));
  });
});
