// Which seat alerts hold for an organization right now: a tier at or above its usage threshold,
// a tier with no seat left, or arrivals refused for lack of seats within the last hour. Pure: the
// scan feeds it counts and the time of the latest refusal.
import type { AlertKey, Tier } from '../../db/schema.js';
import type { SeatCounts } from '../errors.js';

export const DEFAULT_THRESHOLD_PERCENT = 90;
/** Refusals older than this no longer keep the "rejecting" alert raised. */
export const REJECTION_WINDOW_MS = 60 * 60_000;
/** After a notification, the same alert notifies again only once this has passed (no flapping floods). */
export const NOTIFY_COOLDOWN_MS = 24 * 60 * 60_000;

export function holdingAlerts(counts: SeatCounts, thresholdPercent: number, lastRejectionAt: Date | null, now: Date): Set<AlertKey> {
  const holding = new Set<AlertKey>();
  for (const [tier, { purchased, claimed }] of Object.entries(counts) as Array<[Tier, { purchased: number; claimed: number }]>) {
    if (purchased === 0) continue; // a tier the org never bought cannot run out
    if (claimed * 100 >= thresholdPercent * purchased) holding.add(`${tier}.threshold`);
    if (claimed >= purchased) holding.add(`${tier}.exhausted`);
  }
  if (lastRejectionAt && lastRejectionAt.getTime() > now.getTime() - REJECTION_WINDOW_MS) holding.add('seats.rejecting');
  return holding;
}
