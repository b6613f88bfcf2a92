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
import { setProvisioning } from '../../domain/orgs/provisioning-switch.js';

const switches = z.object({ manual: z.boolean().describe('invitations'), jit: z.boolean().describe('accounts created at first SSO sign-in'), scim: z.boolean().describe('the IdP\'s SCIM connector') });
const pool = z.object({ purchased: z.int(), claimed: z.int(), free: z.int() });
const overview = z.object({
  org: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  seats: z.object({ premium: pool, standard: pool }),
  contract: z.object({
    status: z.enum(['active', 'renewed', 'expired', 'replaced']), termStart: z.string(), termEnd: z.string().describe('exclusive'),
    autoRenew: z.boolean(), renewalDate: z.string().nullable().describe('when the contract renews; null without auto-renew'),
  }).nullable().describe('null before an operator sets a contract'),
  alerts: z.array(z.object({
    alert: z.enum(['premium.threshold', 'premium.exhausted', 'standard.threshold', 'standard.exhausted', 'seats.rejecting']), message: z.string(),
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
