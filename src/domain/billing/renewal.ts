// The renewal job: every active contract whose term has ended is renewed (auto-renew: a new
// one-year contract at the seats per tier held at term end, with a renewal invoice) or expired
// (see docs/billing.md for what expiry does). Idempotent and safe with several processes: each
// contract is handled in its own transaction that first takes the org's seat-pool lock and then
// re-reads the contract, so a second runner finds it already handled; unique keys on
// contracts.renewed_from and invoices.renewal_of are the backstop. A contract left unhandled for
// more than a year is renewed term after term until it is current.
import type { Executor } from '../storage/transaction.js';
import { inTransaction } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import { lockPools, poolOf } from '../seats/allocator.js';
import { tiersByPriority } from '../seats/tiers.js';
import { serveSeatRequests } from '../seat-requests/serve.js';
import { recordEvent } from '../log/provisioning-log.js';
import { addMonths, dayOf, daysBetween } from './calendar.js';
import { getContract, type Contract, type PerTier } from './contracts.js';
import { describeLine, insertInvoice, type InvoiceLine } from './invoices.js';
import { proratedAmount, TERM_MONTHS } from './proration.js';

export interface RenewalOutcome {
  orgId: string;
  contractId: string;
  action: 'renewed' | 'expired';
  /** The new contract and its invoice, when renewed. */
  newContractId: string | null;
  invoiceId: string | null;
  total: number | null;
}

const BATCH = 200;
const MAX_PASSES = 50;

/** Renews or expires every contract due at the clock's current day; returns what it did. */
export async function runRenewals(db: Executor, ctx: ActionContext): Promise<RenewalOutcome[]> {
  const today = dayOf(ctx.clock.now());
  const outcomes: RenewalOutcome[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const due = await db.selectFrom('contracts').select(['id', 'org_id'])
      .where('status', '=', 'active').where('term_end', '<=', today).orderBy('term_end').limit(BATCH).execute();
    let handled = 0;
    for (const row of due) {
      const outcome = await inTransaction(db, (tx) => handleDue(tx, row.org_id, row.id, today, ctx));
      if (outcome) { outcomes.push(outcome); handled++; }
    }
    // Another runner may have taken every contract we saw; stop when a pass does nothing.
    if (handled === 0) break;
  }
  return outcomes;
}

async function handleDue(tx: Executor, orgId: string, contractId: string, today: string, ctx: ActionContext): Promise<RenewalOutcome | null> {
  const counts = await lockPools(tx, orgId);
  const fresh = await tx.selectFrom('contracts').select('id').where('id', '=', contractId)
    .where('status', '=', 'active').where('term_end', '<=', today).forUpdate().executeTakeFirst();
  if (!fresh) return null;
  const old = await getContract(tx, orgId, contractId);
  const now = ctx.clock.now();
  if (!old.autoRenew) {
    await tx.updateTable('contracts').set({ status: 'expired', ended_at: now }).where('id', '=', old.id).execute();
    await recordEvent(tx, ctx, { orgId, event: 'contract.expired', detail: { contractId: old.id, termEnd: old.termEnd } });
    return { orgId, contractId: old.id, action: 'expired', newContractId: null, invoiceId: null, total: null };
  }
  const seats: PerTier = Object.fromEntries(tiersByPriority().map((t) => [t, poolOf(counts, t).purchased]));
  await tx.updateTable('contracts').set({ status: 'renewed', ended_at: now }).where('id', '=', old.id).execute();
  const next = await tx.insertInto('contracts').values({
    org_id: orgId, term_start: old.termEnd, term_end: addMonths(old.termEnd, TERM_MONTHS), auto_renew: true,
    currency: old.currency, prices: JSON.stringify(old.prices), initial_seats: JSON.stringify(seats),
    status: 'active', renewed_from: old.id, created_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  const contract = await getContract(tx, orgId, next.id);
  const lines = renewalLines(contract, seats);
  const invoice = await insertInvoice(tx, {
    orgId, contractId: contract.id, kind: 'renewal', currency: contract.currency, issuedAt: now.toISOString(),
    periodStart: contract.termStart, periodEnd: contract.termEnd, lines,
    total: lines.reduce((sum, l) => sum + l.amount, 0), renewalOf: old.id,
  }, ctx);
  await recordEvent(tx, ctx, { orgId, event: 'contract.renewed', detail: { from: old.id, to: contract.id, seats, invoiceId: invoice.id } });
  await serveSeatRequests(tx, orgId, ctx);
  return { orgId, contractId: old.id, action: 'renewed', newContractId: contract.id, invoiceId: invoice.id, total: invoice.total };
}

/**
 * A full year of every seat held at term end, best tier first; a tier with no seats has no line,
 * and neither has a tier the contract has no price for (added to the catalogue after it was set:
 * its seats can only have come without an invoice, see docs/billing.md).
 */
function renewalLines(contract: Contract, seats: PerTier): InvoiceLine[] {
  const period = { months: TERM_MONTHS, days: 0, daysInMonth: daysBetween(contract.termStart, addMonths(contract.termStart, 1)) };
  return tiersByPriority().filter((tier) => (seats[tier] ?? 0) > 0 && contract.prices[tier] !== undefined).map((tier) => {
    const quantity = seats[tier]!;
    const unitAmount = contract.prices[tier]!;
    const l = { kind: 'renewal' as const, tier, quantity, unitAmount, ...period, amount: proratedAmount(unitAmount, quantity, period) };
    return { ...l, description: describeLine(l, contract.currency) };
  });
}
