// The caller's organization, its provisioning switches and its seats.
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import { actionContext, type ApiDeps } from '../deps.js';
import { getOrg } from '../../domain/orgs/orgs.js';
import { seatCounts } from '../../domain/seats/allocator.js';
import { verifiedDomains } from '../../domain/orgs/domains.js';
import { orgOverview } from '../../domain/orgs/overview.js';
import { seats, withAvailable } from '../schemas.js';
import { tierCatalogue, type Catalogue } from '../../domain/seats/catalogue.js';
import { describeEntitlements } from '../../domain/seats/entitlements.js';

const tiersResponse = z.object({
  tiers: z.array(z.object({
    key: z.string(), name: z.string(), rank: z.int().describe('0 is the best tier; the allocator hands out the best with room'),
    entitlements: z.object({ features: z.array(z.string()), limits: z.object({ requestsPerDay: z.int(), storageGb: z.int() }) }),
    includes: z.array(z.string()).describe('the entitlements in words, for people'),
  })).describe('best first'),
  features: z.record(z.string(), z.string()).describe('feature key → the name people read'),
});

function catalogueJson(c: Catalogue): z.infer<typeof tiersResponse> {
  return {
    tiers: c.tiers.map((t, rank) => ({ key: t.key, name: t.name, rank, entitlements: { features: [...t.entitlements.features], limits: { ...t.entitlements.limits } }, includes: describeEntitlements(t.entitlements) })),
    features: { ...c.features },
  };
}
import { setProvisioning } from '../../domain/orgs/provisioning-switch.js';

const switches = z.object({ manual: z.boolean().describe('invitations'), jit: z.boolean().describe('accounts created at first SSO sign-in'), scim: z.boolean().describe('the IdP\'s SCIM connector') });
const pool = z.object({ purchased: z.int(), claimed: z.int(), free: z.int() });
const overview = z.object({
  org: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  seats: z.record(z.string(), pool).describe('per tier key of the catalogue, best tier first'),
  contract: z.object({
    status: z.enum(['active', 'renewed', 'expired', 'replaced']), termStart: z.string(), termEnd: z.string().describe('exclusive'),
    autoRenew: z.boolean(), renewalDate: z.string().nullable().describe('when the contract renews; null without auto-renew'),
  }).nullable().describe('null before an operator sets a contract'),
  alerts: z.array(z.object({
    alert: z.string().describe('TIER.threshold, TIER.exhausted (per tier key) or seats.rejecting'), message: z.string(),
  })).describe('seat alerts that hold right now'),
  seatRequests: z.object({ pending: z.int() }).describe('people waiting for a seat (GET /seat-requests lists them)'),
  members: z.object({ active: z.int(), suspended: z.int() }),
  invitations: z.object({ pending: z.int() }),
  setup: z.object({ verifiedDomains: z.array(z.string()), ssoConnections: z.int(), scimTokens: z.int().describe('active tokens') }),
});

const org = z.object({
  id: z.uuid(), slug: z.string(), name: z.string(), createdAt: z.string(),
  provisioning: switches,
  verifiedDomains: z.array(z.string()),
});

export function orgRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  routes.add(router, {
    method: 'get', path: '/org', tag: 'Organization', summary: 'The organization of the caller', permission: 'org.read',
    response: { status: 200, schema: org, description: 'The organization' },
    handler: async ({ principal }) => {
      const o = await getOrg(deps.db, principal.orgId);
      return {
        id: o.id, slug: o.slug, name: o.name, createdAt: o.created_at.toISOString(),
        provisioning: { manual: o.manual_enabled, jit: o.jit_enabled, scim: o.scim_enabled },
        verifiedDomains: await verifiedDomains(deps.db, o.id),
      };
    },
  });
  routes.add(router, {
    method: 'put', path: '/org/provisioning', tag: 'Organization', permission: 'provisioning.manage',
    summary: 'Turn arrivals by invitation, first sign-in (JIT) or SCIM on or off; members stay as they are',
    body: switches.partial().strict(),
    response: { status: 200, schema: switches, description: 'The switches after the change' },
    handler: async ({ principal, body, req }) => setProvisioning(deps.db, principal.orgId, body, actionContext(deps, principal, req)),
  });
  routes.add(router, {
    method: 'get', path: '/tiers', tag: 'Seats', permission: 'seats.read',
    summary: 'The seat tiers this deployment sells, best first, with their display names and entitlements (the tier catalogue)',
    response: { status: 200, schema: tiersResponse, description: 'The tier catalogue' },
    handler: async () => catalogueJson(tierCatalogue()),
  });
  routes.add(router, {
    method: 'get', path: '/seats', tag: 'Seats', summary: 'Purchased, claimed and available seats per tier', permission: 'seats.read',
    response: { status: 200, schema: seats, description: 'Seat counts' },
    handler: async ({ principal }) => withAvailable(await seatCounts(deps.db, principal.orgId)),
  });
  routes.add(router, {
    method: 'get', path: '/overview', tag: 'Organization', permission: 'seats.read',
    summary: 'The console overview: seats per tier, contract term and renewal, alerts now, members, invitations, set-up',
    response: { status: 200, schema: overview, description: 'The overview' },
    handler: async ({ principal }) => orgOverview(deps.db, principal.orgId, deps.clock.now()),
  });
}
