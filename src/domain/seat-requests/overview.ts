// What an Admin sees of the seat-request queue: the queued requests oldest first, how many want
// each tier, the seats still missing to seat them all, and the exact invoice buying those seats
// would issue now (the billing preview; null without a billable contract). Reads only.
import type { Clock } from '../clock.js';
import type { Executor } from '../storage/transaction.js';
import { DomainError, type SeatCounts } from '../errors.js';
import { seatCounts } from '../seats/allocator.js';
import { isTier, TIERS_BY_PRIORITY } from '../seats/tiers.js';
import { previewSeatChange, type SeatChangePreview } from '../billing/seat-changes.js';
import { queuedSeatRequests } from './queue.js';
import type { Tier } from '../../db/schema.js';

export interface SeatRequestView {
  id: string; memberId: string | null; subject: string; path: string; wantedTier: string;
  firstSeen: string; lastSeen: string; attempts: number;
}

export interface SeatRequestOverview {
  requests: SeatRequestView[];
  /** Queued requests per wanted tier ('highest' = any tier). */
  countsByWantedTier: Record<string, number>;
  /** Seats to buy so that every queued request is seated ('highest' is counted on the lowest tier). */
  seatsNeeded: Record<Tier, number>;
  quote: SeatChangePreview | null;
  /** Why there is no quote (no contract, contract lapsed…), or null. */
  quoteUnavailable: { code: string; message: string } | null;
}

export async function seatRequestOverview(db: Executor, orgId: string, clock: Clock): Promise<SeatRequestOverview> {
  const rows = await queuedSeatRequests(db, orgId);
  const counts = await seatCounts(db, orgId);
  const countsByWantedTier: Record<string, number> = {};
  for (const r of rows) countsByWantedTier[r.wanted_tier] = (countsByWantedTier[r.wanted_tier] ?? 0) + 1;
  const seatsNeeded = seatsToBuy(rows.map((r) => r.wanted_tier), counts);
  let quote: SeatChangePreview | null = null;
  let quoteUnavailable: SeatRequestOverview['quoteUnavailable'] = null;
  if (seatsNeeded.standard + seatsNeeded.premium > 0) {
    try {
      quote = await previewSeatChange(db, orgId, { add: seatsNeeded }, clock);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      quoteUnavailable = { code: err.code, message: err.message };
    }
  }
  return {
    requests: rows.map((r) => ({
      id: r.id, memberId: r.member_id, subject: r.subject, path: r.path, wantedTier: r.wanted_tier,
      firstSeen: r.first_seen.toISOString(), lastSeen: r.last_seen.toISOString(), attempts: r.attempts,
    })),
    countsByWantedTier, seatsNeeded, quote, quoteUnavailable,
  };
}

/** Free seats serve named tiers first, then 'highest' requests; what is left is bought (lowest tier for 'highest'). */
export function seatsToBuy(wanted: readonly string[], counts: SeatCounts): Record<Tier, number> {
  const free = Object.fromEntries(TIERS_BY_PRIORITY.map((t) => [t, Math.max(0, counts[t].purchased - counts[t].claimed)])) as Record<Tier, number>;
  const need = Object.fromEntries(TIERS_BY_PRIORITY.map((t) => [t, 0])) as Record<Tier, number>;
  let anyTier = 0;
  for (const w of wanted) {
    if (!isTier(w)) { anyTier++; continue; }
    if (free[w] > 0) free[w]--; else need[w]++;
  }
  for (const t of TIERS_BY_PRIORITY) { const used = Math.min(free[t], anyTier); free[t] -= used; anyTier -= used; }
  need[TIERS_BY_PRIORITY[TIERS_BY_PRIORITY.length - 1]!] += anyTier;
  return need;
}
