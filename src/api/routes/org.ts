// The caller's organization and its seats.
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { getOrg } from '../../domain/orgs/orgs.js';
import { seatCounts } from '../../domain/seats/allocator.js';
import { verifiedDomains } from '../../domain/orgs/domains.js';
import { seats, withAvailable } from '../schemas.js';

const org = z.object({
  id: z.uuid(), slug: z.string(), name: z.string(), createdAt: z.string(),
  provisioning: z.object({ manual: z.boolean(), jit: z.boolean(), scim: z.boolean() }),
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
    method: 'get', path: '/seats', tag: 'Seats', summary: 'Purchased, claimed and available seats per tier', permission: 'seats.read',
    response: { status: 200, schema: seats, description: 'Seat counts' },
    handler: async ({ principal }) => withAvailable(await seatCounts(deps.db, principal.orgId)),
  });
}
