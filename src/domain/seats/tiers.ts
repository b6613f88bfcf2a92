// The seat tiers of the catalogue in use, best first: the allocator hands out the first that has
// room. A tier is a text key; whether a value is one is decided here, against the catalogue.
import type { Tier } from '../../db/schema.js';
import { tierCatalogue } from './catalogue.js';

export function tiersByPriority(): readonly Tier[] {
  return tierCatalogue().keys;
}

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && tierCatalogue().keys.includes(value);
}

/** Where a tier stands: 0 is the best. -1 when the catalogue does not know it. */
export function tierRank(tier: Tier): number {
  return tierCatalogue().keys.indexOf(tier);
}

/** The display name of a tier ("Premium"), or the key itself for one the catalogue no longer has. */
export function tierName(tier: Tier): string {
  return tierCatalogue().tiers.find((t) => t.key === tier)?.name ?? tier;
}
