// Turns a requested seat change into the invoice it produces, without touching the database:
// the same function serves the preview and the confirm, so a preview is exactly what confirm
// bills. Lines come in a fixed order: seats added per tier from the lowest tier of the catalogue
// to the best (standard, then premium by default), then the upgrade.
import type { InvoiceLineKind, Tier } from '../../db/schema.js';
import { InvalidInput, UpgradeExceedsStandardSeats, UpgradeNeedsMembers, type SeatCounts } from '../errors.js';
import { MAX_SEATS_PER_CHANGE, poolOf, upgradeDirection } from '../seats/allocator.js';
import { tiersByPriority } from '../seats/tiers.js';
import type { Contract } from './contracts.js';
import { describeLine, type InvoiceDraft, type InvoiceLine } from './invoices.js';
import { proratedAmount, remainingPeriod } from './proration.js';

export interface SeatChange {
  /** Seats to buy per tier key. */
  add?: Partial<Record<Tier, number>>;
  /**
   * Seats to upgrade from a lower tier to a higher one, and the members that move with them (see
   * convertSeats). Without `from`/`to`: from the second-best tier to the best (standard → premium).
   */
  upgrade?: { count: number; memberIds?: string[]; from?: Tier; to?: Tier };
}

/** A change with every field present and checked: what is hashed for idempotency and applied. */
export interface NormalizedSeatChange {
  /** Every catalogue tier, lowest first. */
  add: Record<Tier, number>;
  /** `from`/`to` only when they differ from the default direction (keeps the hash of a two-tier change as it was). */
  upgrade: { count: number; memberIds: string[]; from?: Tier; to?: Tier };
}

export interface SeatChangePlan {
  invoice: InvoiceDraft;
  seatsAfter: SeatCounts;
}

export function normalizeSeatChange(change: SeatChange): NormalizedSeatChange {
  const keys = tiersByPriority();
  for (const tier of Object.keys(change.add ?? {})) {
    if (!keys.includes(tier)) throw new InvalidInput(`add.${tier}`, `names no tier of the catalogue (${keys.join(', ')})`);
  }
  const add: Record<Tier, number> = {};
  for (const tier of [...keys].reverse()) add[tier] = count(change.add?.[tier], `add.${tier}`);
  const upgradeCount = count(change.upgrade?.count, 'upgrade.count');
  const n: NormalizedSeatChange = { add, upgrade: { count: upgradeCount, memberIds: [...new Set(change.upgrade?.memberIds ?? [])].sort() } };
  if (upgradeCount > 0 || change.upgrade?.from !== undefined || change.upgrade?.to !== undefined) {
    const direction = upgradeDirection(change.upgrade?.from, change.upgrade?.to);
    const standard = keys.length >= 2 ? upgradeDirection() : null;
    if (!standard || direction.from !== standard.from || direction.to !== standard.to) Object.assign(n.upgrade, direction);
  }
  if (Object.values(add).every((v) => v === 0) && upgradeCount === 0) throw new InvalidInput('change', 'adds no seat and upgrades none');
  if (n.upgrade.memberIds.length !== (change.upgrade?.memberIds?.length ?? 0)) throw new InvalidInput('upgrade.memberIds', 'names a member twice');
  if (n.upgrade.memberIds.length > upgradeCount) throw new InvalidInput('upgrade.memberIds', `names more members than the ${upgradeCount} seat(s) upgraded`);
  return n;
}

/** The tiers an upgrade of `change` moves seats between (the default when it names none); null without an upgrade. */
export function directionOf(change: NormalizedSeatChange): { from: Tier; to: Tier } | null {
  if (change.upgrade.count === 0) return null;
  return change.upgrade.from !== undefined && change.upgrade.to !== undefined
    ? { from: change.upgrade.from, to: change.upgrade.to } : upgradeDirection();
}

/** The invoice for `change` on `day` under `contract`, given the org's seats before it. */
export function planSeatChange(contract: Contract, counts: SeatCounts, change: NormalizedSeatChange, day: string, issuedAt: Date): SeatChangePlan {
  const period = remainingPeriod(contract.termStart, day);
  const lines: InvoiceLine[] = [];
  const price = (tier: Tier): number => {
    const p = contract.prices[tier];
    if (p === undefined) throw new InvalidInput(`add.${tier}`, `the contract has no price for ${tier} (the tier is newer than the contract): set the contract again with one`);
    return p;
  };
  const line = (kind: InvoiceLineKind, tier: Tier, quantity: number, unitAmount: () => number, fromTier?: Tier) => {
    if (quantity === 0) return;
    const amountEach = unitAmount();
    const l = { kind, tier, ...(fromTier !== undefined ? { fromTier } : {}), quantity, unitAmount: amountEach, ...period, amount: proratedAmount(amountEach, quantity, period) };
    lines.push({ ...l, description: describeLine(l, contract.currency) });
  };
  for (const [tier, n] of Object.entries(change.add)) line('seat_purchase', tier, n, () => price(tier));
  const seatsAfter: SeatCounts = {};
  for (const tier of tiersByPriority()) {
    const pool = poolOf(counts, tier);
    seatsAfter[tier] = { purchased: pool.purchased + (change.add[tier] ?? 0), claimed: pool.claimed };
  }
  if (change.upgrade.count > 0) {
    const { from, to } = directionOf(change)!;
    // The price difference for the rest of the term: what the higher tier costs more per seat.
    line('upgrade', to, change.upgrade.count, () => price(to) - price(from), from);
    // Seats are added first, so lower-tier seats bought in the same change count as unclaimed.
    const lower = seatsAfter[from]!;
    const higher = seatsAfter[to]!;
    const unclaimed = lower.purchased - lower.claimed;
    if (change.upgrade.count > lower.purchased) throw new UpgradeExceedsStandardSeats(change.upgrade.count, lower.purchased, from, to);
    if (unclaimed + change.upgrade.memberIds.length < change.upgrade.count) {
      throw new UpgradeNeedsMembers(change.upgrade.count, unclaimed, change.upgrade.memberIds.length, from, to);
    }
    const moved = change.upgrade.memberIds.length;
    seatsAfter[from] = { purchased: lower.purchased - change.upgrade.count, claimed: lower.claimed - moved };
    seatsAfter[to] = { purchased: higher.purchased + change.upgrade.count, claimed: higher.claimed + moved };
  }
  return {
    invoice: {
      orgId: contract.orgId, contractId: contract.id, kind: 'seat_change', currency: contract.currency,
      issuedAt: issuedAt.toISOString(), periodStart: day > contract.termStart ? day : contract.termStart, periodEnd: contract.termEnd,
      lines, total: lines.reduce((sum, l) => sum + l.amount, 0),
    },
    seatsAfter,
  };
}

function count(value: number | undefined, field: string): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0 || value > MAX_SEATS_PER_CHANGE) {
    throw new InvalidInput(field, `must be a whole number from 0 to ${MAX_SEATS_PER_CHANGE}`);
  }
  return value;
}
