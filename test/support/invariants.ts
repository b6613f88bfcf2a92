// The allocator's invariants, read straight from the tables: for every org and tier,
// claimed <= purchased and claimed equals the number of active members holding that tier.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';

export async function seatInvariantViolations(db: Kysely<Database>): Promise<unknown[]> {
  const { rows } = await sql<{ org_id: string; tier: string; purchased: number; claimed: number; holders: number }>`
    select p.org_id, p.tier, p.purchased, p.claimed,
           (select count(*)::int from members m where m.org_id = p.org_id and m.seat_tier = p.tier and m.status = 'active') as holders
    from seat_pools p`.execute(db);
  return rows.filter((r) => r.claimed > r.purchased || r.claimed !== r.holders);
}
