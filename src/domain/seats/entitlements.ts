// What each seat tier entitles a member to: the one definition, read by the session and by
// anything that gates a feature. Premium is standard plus the coding assistant and higher limits.
import type { Tier } from '../../db/schema.js';

export interface Entitlements {
  features: readonly string[];
  limits: { requestsPerDay: number; storageGb: number };
}

export const ENTITLEMENTS: Readonly<Record<Tier, Entitlements>> = Object.freeze({
  standard: { features: ['chat', 'documents'], limits: { requestsPerDay: 500, storageGb: 10 } },
  premium: { features: ['chat', 'documents', 'coding-assistant', 'priority-support'], limits: { requestsPerDay: 5000, storageGb: 100 } },
});

export function entitlementsFor(tier: Tier): Entitlements {
  return ENTITLEMENTS[tier];
}
