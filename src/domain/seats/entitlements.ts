// What each seat tier entitles a member to: the one reading of the catalogue's entitlements, used
// by the session, the employee page and anything that gates a feature. `describeEntitlements`
// says the same in words for people.
import type { Tier } from '../../db/schema.js';
import { tierCatalogue, type Entitlements } from './catalogue.js';

export type { Entitlements } from './catalogue.js';

const NOTHING: Entitlements = Object.freeze({ features: Object.freeze([]), limits: Object.freeze({ requestsPerDay: 0, storageGb: 0 }) });

/** A tier the catalogue does not know entitles to nothing (start-up refuses such rows anyway). */
export function entitlementsFor(tier: Tier): Entitlements {
  return tierCatalogue().tiers.find((t) => t.key === tier)?.entitlements ?? NOTHING;
}

/** The entitlements of a tier as a person reads them: each feature, then each limit. */
export function describeEntitlements(e: Entitlements): string[] {
  const names = tierCatalogue().features;
  return [
    ...e.features.map((f) => names[f] ?? f),
    `Up to ${e.limits.requestsPerDay.toLocaleString('en')} requests a day`,
    `${e.limits.storageGb.toLocaleString('en')} GB of storage`,
  ];
}
