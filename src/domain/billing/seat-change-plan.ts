// Turns a requested seat change into the invoice it produces, without touching the database:
// the same function serves the preview and the confirm, so a preview is exactly what confirm
// bills. Lines come in a fixed order: standard seats added, premium seats added, upgrades.
import type { InvoiceLineKind, Tier } from '../../db/schema.js';
import { InvalidInput, UpgradeExceedsStandardSeats, UpgradeNeedsMembers, type SeatCounts } from '../errors.js';
import { MAX_SEATS_PER_CHANGE } from '../seats/allocator.js';
import type { Contract } from './contracts.js';
import { describeLine, type InvoiceDraft, type InvoiceLine } from './invoices.js';
import { proratedAmount, remainingPeriod } from './proration.js';

export interface SeatChange {
  /** Seats to buy per tier. */
  add?: { standard?: number; premium?: number };
  /** Standard seats to upgrade to premium, and the members that move with them (see convertSeats). */
  upgrade?: { count: number; memberIds?: string[] };
}

/** A change with every field present and checked: what is hashed for idempotency and applied. */
export interface NormalizedSeatChange {
  add: { standard: number; premium: number };
  upgrade: { count: number; memberIds: string[] };
}

export interface SeatChangePlan {
  invoice: InvoiceDraft;
  seatsAfter: SeatCounts;
}

export function normalizeSeatChange(change: SeatChange): NormalizedSeatChange {
  const n: NormalizedSeatChange = {
    add: { standard: count(change.add?.standard, 'add.standard'), premium: count(change.add?.premium, 'add.premium') },
    upgrade: { count: count(change.upgrade?.count, 'upgrade.count'), memberIds: [...new Set(change.upgrade?.memberIds ?? [])].sort() },
  };
  if (n.add.standard + n.add.premium + n.upgrade.count === 0) throw new InvalidInput('change', 'adds no seat and upgrades none');
  if (n.upgrade.memberIds.length !== (change.upgrade?.memberIds?.length ?? 0)) throw new InvalidInput('upgrade.memberIds', 'names a member twice');
  if (n.upgrade.memberIds.length > n.upgrade.count) throw new InvalidInput('upgrade.memberIds', `names more members than the ${n.upgrade.count} seat(s) upgraded`);
  return n;
}

/** The invoice for `change` on `day` under `contract`, given the org's seats before it. */
export function planSeatChange(contract: Contract, counts: SeatCounts, change: NormalizedSeatChange, day: string, issuedAt: Date): SeatChangePlan {
  const period = remainingPeriod(contract.termStart, day);
  const lines: InvoiceLine[] = [];
  const line = (kind: InvoiceLineKind, tier: Tier, quantity: number, unitAmount: number) => {
    if (quantity === 0) return;
    const l = { kind, tier, quantity, unitAmount, ...period, amount: proratedAmount(unitAmount, quantity, period) };
    lines.push({ ...l, description: describeLine(l, contract.currency) });
  };
  line('seat_purchase', 'standard', change.add.standard, contract.prices.standard);
  line('seat_purchase', 'premium', change.add.premium, contract.prices.premium);
  line('upgrade', 'premium', change.upgrade.count, contract.prices.premium - contract.prices.standard);
  // Seats are added first, so standard seats bought in the same change count as unclaimed.
  const standard = { purchased: counts.standard.purchased + change.add.standard, claimed: counts.standard.claimed };
  const unclaimed = standard.purchased - standard.claimed;
  if (change.upgrade.count > standard.purchased) throw new UpgradeExceedsStandardSeats(change.upgrade.count, standard.purchased);
  if (unclaimed + change.upgrade.memberIds.length < change.upgrade.count) {
    throw new UpgradeNeedsMembers(change.upgrade.count, unclaimed, change.upgrade.memberIds.length);
  }
  const moved = change.upgrade.memberIds.length;
  return {
    invoice: {
      orgId: contract.orgId, contractId: contract.id, kind: 'seat_change', currency: contract.currency,
      issuedAt: issuedAt.toISOString(), periodStart: day > contract.termStart ? day : contract.termStart, periodEnd: contract.termEnd,
      lines, total: lines.reduce((sum, l) => sum + l.amount, 0),
    },
    seatsAfter: {
      standard: { purchased: standard.purchased - change.upgrade.count, claimed: standard.claimed - moved },
      premium: {
        purchased: counts.premium.purchased + change.add.premium + change.upgrade.count,
        claimed: counts.premium.claimed + moved,
      },
    },
  };
}

function count(value: number | undefined, field: string): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0 || value > MAX_SEATS_PER_CHANGE) {
    throw new InvalidInput(field, `must be a whole number from 0 to ${MAX_SEATS_PER_CHANGE}`);
  }
  return value;
}
