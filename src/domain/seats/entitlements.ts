// What each seat tier entitles a member to: the one definition, read by the session, the
// employee page and anything that gates a feature. Premium is standard plus the coding assistant
// and higher limits. `describeEntitlements` says the same in words for people.
import type { Tier } from '../../db/schema.js';

export interface Entitlements {
  features: readonly string[];
  limits: { requestsPerDay: number; storageGb: number };
}

export const ENTITLEMENTS: Readonly<Record<Tier, Entitlements>> = Object.freeze({
  standard: { features: ['chat', 'documents'], limits: { requestsPerDay: 500, storageGb: 10 } },
  premium: { features: ['chat', 'documents', 'coding-assistant', 'priority-support'], limits: { requestsPerDay: 5000, storageGb: 100 } },
});

export const FEATURE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  chat: 'Chat assistant',
  documents: 'Documents',
  'coding-assistant': 'Coding assistant',
  'priority-support': 'Priority support',
});

export function entitlementsFor(tier: Tier): Entitlements {
  return ENTITLEMENTS[tier];
}

/** The entitlements of a tier as a person reads them: each feature, then each limit. */
export function describeEntitlements(e: Entitlements): string[] {
  return [
    ...e.features.map((f) => FEATURE_NAMES[f] ?? f),
    `Up to ${e.limits.requestsPerDay.toLocaleString('en')} requests a day`,
    `${e.limits.storageGb.toLocaleString('en')} GB of storage`,
  ];
}
