// Seats added without an invoice, by an operator. For an organization with a contract that is
// allowed only as an explicit gift ("complimentary"), recorded as such in the provisioning log
// with the operator as actor; otherwise seats for a contracted org are bought through
// seat-changes.ts (preview, confirm, invoice). An org without a contract has nothing to bill.
import type { Executor } from '../storage/transaction.js';
import { inTransaction } from '../storage/transaction.js';
import type { Tier } from '../../db/schema.js';
import type { ActionContext } from '../context.js';
import { InvoiceRequired, type SeatCounts } from '../errors.js';
import { addSeats, lockPools, seatCounts } from '../seats/allocator.js';
import { serveSeatRequests } from '../seat-requests/serve.js';
import { findCurrentContract } from './contracts.js';

export const COMPLIMENTARY_REASON = 'complimentary: added by an operator without an invoice';

export async function addUnbilledSeats(
  db: Executor, orgId: string, tier: Tier, count: number, ctx: ActionContext, opts: { complimentary: boolean },
): Promise<SeatCounts> {
  return inTransaction(db, async (tx) => {
    // Under the pool lock, as every seat change: a contract set meanwhile is seen here.
    await lockPools(tx, orgId);
    if (opts.complimentary) await addSeats(tx, orgId, tier, count, ctx, { reason: COMPLIMENTARY_REASON, detail: { complimentary: true } });
    else if (await findCurrentContract(tx, orgId)) throw new InvoiceRequired(orgId);
    else await addSeats(tx, orgId, tier, count, ctx);
    // The people turned away for lack of a seat get the new ones first, in this transaction.
    await serveSeatRequests(tx, orgId, ctx);
    return seatCounts(tx, orgId);
  });
}
