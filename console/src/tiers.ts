// The seat tiers of this deployment (GET /api/v1/tiers), loaded once by the shell before any page
// renders, so that pages read them synchronously. Best first, as the allocator hands them out;
// `tiersLowFirst` is the order tables and forms show (standard, then premium by default).
import { api } from './api.js';
import type { Tier, TierInfo } from './types.js';

let tiers: readonly TierInfo[] = [];

export async function loadTiers(): Promise<void> {
  tiers = (await api<{ tiers: TierInfo[] }>('GET', '/tiers')).tiers;
}

export const tiersBestFirst = (): readonly TierInfo[] => tiers;
export const tiersLowFirst = (): TierInfo[] => [...tiers].reverse();

/** The display name of a tier ("Premium"); the key itself for one the catalogue does not know. */
export function tierName(key: Tier): string {
  return tiers.find((t) => t.key === key)?.name ?? key;
}

/** The default upgrade: the second-best tier to the best (null with a single tier). */
export function defaultUpgrade(): { from: Tier; to: Tier } | null {
  return tiers.length >= 2 ? { from: tiers[1]!.key, to: tiers[0]!.key } : null;
}
