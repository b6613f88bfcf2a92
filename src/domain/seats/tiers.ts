// The two seat tiers, best first: the allocator hands out the first that has room.
import type { Tier } from '../../db/schema.js';

export const TIERS_BY_PRIORITY: readonly Tier[] = ['premium', 'standard'];

export function isTier(value: unknown): value is Tier {
  return value === 'premium' || value === 'standard';
}
