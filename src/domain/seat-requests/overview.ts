// What an Admin sees of the seat-request queue: the queued requests oldest first, how many want
// each tier, the seats still missing to seat them all, and the exact invoice buying those seats
// would issue now (the billing preview; null without a billable contract). Reads only.
import type { Clock } from '../clock.js';
import type { Executor } from '../storage/transaction.js';
import { DomainError, type SeatCounts } from '../errors.js';
import { isTier, tiersByPriority } from '../seats/tiers.js';
import { poolOf, seatCounts } from '../seats/allocator.js';
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
  /** Seats to buy per catalogue tier, best first, so that every queued request is seated ('highest' is counted on the lowest tier). */
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
  if (Object.values(seatsNeeded).some((n) => n > 0)) {
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

/**
 * Seats to buy, one entry per catalogue tier (best first): free seats serve named tiers first,
 * then 'highest' requests, best tier first; what is left is bought (the lowest tier for 'highest').
 * A wanted tier the catalogue does not sell cannot be bought (start-up refuses such a catalogue
 * while requests for it are queued, src/domain/seats/tier-sync.ts).
 */
export function seatsToBuy(wanted: readonly string[], counts: SeatCounts): Record<Tier, number> {
  const tiers = tiersByPriority();
  const free = new Map(tiers.map((t) => [t, Math.max(0, poolOf(counts, t).purchased - poolOf(counts, t).claimed)]));
  const need = new Map(tiers.map((t) => [t, 0]));
  let anyTier = 0;
  for (const w of wanted) {
    if (w === 'highest') { anyTier++; continue; }
    if (!isTier(w)) continue;
    if (free.get(w)! > 0) free.set(w, free.get(w)! - 1); else need.set(w, need.get(w)! + 1);
  }
  for (const t of tiers) { const used = Math.min(free.get(t)!, anyTier); free.set(t, free.get(t)! - used); anyTier -= used; }
  const lowest = tiers[tiers.length - 1]!;
  need.set(lowest, need.get(lowest)! + anyTier);
  return Object.fromEntries(need);
}
