// Whether an organization's contract has lapsed, asked of the contracts table directly so that the
// seat allocator can ask it without depending on the billing module (which depends on it).
// Lapsed = expired, or past its end without auto-renew (docs/billing.md, "What expiry does").
import { sql } from 'kysely';
import type { Executor } from '../storage/transaction.js';
import { ContractExpired } from '../errors.js';

/** The condition as SQL, for one-statement callers (the allocator's claim). */
export function contractLapsedSql(orgId: string, day: string) {
  return sql<boolean>`exists (select 1 from contracts where org_id = ${orgId}
    and (status = 'expired' or (status = 'active' and not auto_renew and term_end <= ${day}::date)))`;
}

/** Throws ContractExpired when the org's current contract has lapsed on `day`. */
export async function assertContractOpen(db: Executor, orgId: string, day: string): Promise<void> {
  const row = await db.selectFrom('contracts').select(sql<string>`to_char(term_end, 'YYYY-MM-DD')`.as('term_end'))
    .where('org_id', '=', orgId).where('status', 'in', ['active', 'expired'])
    .where(sql<boolean>`(status = 'expired' or (status = 'active' and not auto_renew and term_end <= ${day}::date))`)
    .executeTakeFirst();
  if (row) throw new ContractExpired(orgId, row.term_end);
}
