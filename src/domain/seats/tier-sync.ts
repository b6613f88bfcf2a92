// Start-up agreement between the tier catalogue and the database. A tier the database still uses
// (a pool with seats or members, an invitation, a queued seat request, a contract price, an invoice line) but the
// catalogue no longer names stops start-up: removing a tier in use would strand paid seats. A
// tier new to the catalogue gets an empty pool in every org, so that every org always has one
// pool per catalogue tier (createOrg makes the same for new orgs). Idempotent; several processes
// may run it at once (the insert ignores rows another process made first).
import { sql } from 'kysely';
import type { Executor } from '../storage/transaction.js';
import { inTransaction } from '../storage/transaction.js';
import { TierNotInCatalogue } from '../errors.js';
import type { Catalogue } from './catalogue.js';

export interface TierSyncReport { poolsCreated: number }

export async function syncTiersWithCatalogue(db: Executor, catalogue: Catalogue): Promise<TierSyncReport> {
  const known = catalogue.keys.join(',');
  const unknown = (column: string, table: string) => sql<{ tier: string }>`
    select distinct ${sql.ref(column)} as tier from ${sql.table(table)}
    where ${sql.ref(column)} is not null and not (${sql.ref(column)} = any (string_to_array(${known}, ',')))`;
  const checks: Array<[string, ReturnType<typeof unknown>]> = [
    ['members', unknown('seat_tier', 'members')],
    ['invitations', unknown('seat_tier', 'invitations')],
    ['queued seat requests', sql<{ tier: string }>`select distinct wanted_tier as tier from seat_requests
      where status = 'queued' and wanted_tier <> 'highest' and not (wanted_tier = any (string_to_array(${known}, ',')))`],
    ['invoice lines', unknown('tier', 'invoice_lines')],
    ['contract prices', sql<{ tier: string }>`select distinct k as tier from contracts, jsonb_object_keys(prices) as k
      where not (k = any (string_to_array(${known}, ',')))`],
    ['seats', sql<{ tier: string }>`select distinct tier from seat_pools
      where (purchased > 0 or claimed > 0 or converted_in > 0 or converted_out > 0) and not (tier = any (string_to_array(${known}, ',')))`],
  ];
  for (const [where, query] of checks) {
    const { rows } = await query.execute(db);
    if (rows.length) throw new TierNotInCatalogue(rows.map((r) => r.tier).sort(), where);
  }
  return inTransaction(db, async (tx) => {
    const result = await sql`insert into seat_pools (org_id, tier, purchased)
      select o.id, t.tier, 0 from organizations o cross join unnest(string_to_array(${known}, ',')) as t(tier)
      on conflict do nothing`.execute(tx);
    return { poolsCreated: Number(result.numAffectedRows ?? 0) };
  });
}
