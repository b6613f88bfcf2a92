// Members of the caller's organization: list and read. (Changes — invite, reassign, remove — are
// declared beside their domain operations.)
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import type { Member } from '../../db/schema.js';
import { getMember } from '../../domain/members/lifecycle.js';
import { limitParam, role, tier } from '../schemas.js';

export const memberSchema = z.object({
  id: z.uuid(), userName: z.string(), email: z.string(), displayName: z.string().nullable(),
  role, status: z.enum(['active', 'suspended', 'deprovisioned']), seatTier: tier.nullable(),
  createdVia: z.string(), createdAt: z.string(), updatedAt: z.string(),
});

export function memberJson(m: Member): z.infer<typeof memberSchema> {
  return {
    id: m.id, userName: m.user_name, email: m.email, displayName: m.display_name, role: m.role, status: m.status,
    seatTier: m.seat_tier, createdVia: m.created_via, createdAt: m.created_at.toISOString(), updatedAt: m.updated_at.toISOString(),
  };
}

const listQuery = z.object({
  status: z.enum(['active', 'suspended', 'deprovisioned']).optional(),
  tier: tier.optional(),
  after: z.uuid().optional().describe('the id of the last member of the previous page'),
  limit: limitParam(500, 100),
});

export function memberRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  routes.add(router, {
    method: 'get', path: '/members', tag: 'Members', summary: 'List members, ordered by id, with filters', permission: 'members.read',
    query: listQuery,
    response: { status: 200, schema: z.object({ members: z.array(memberSchema), next: z.string().nullable() }), description: 'A page of members' },
    handler: async ({ principal, query: q }) => {
      let sel = deps.db.selectFrom('members').selectAll().where('org_id', '=', principal.orgId);
      if (q.status) sel = sel.where('status', '=', q.status);
      if (q.tier) sel = sel.where('seat_tier', '=', q.tier);
      if (q.after) sel = sel.where('id', '>', q.after);
      const rows = await sel.orderBy('id').limit(q.limit + 1).execute();
      const page = rows.slice(0, q.limit);
      return { members: page.map(memberJson), next: rows.length > q.limit ? page.at(-1)!.id : null };
    },
  });
  routes.add(router, {
    method: 'get', path: '/members/:memberId', tag: 'Members', summary: 'One member', permission: 'members.read',
    params: z.object({ memberId: z.string().max(64) }),
    response: { status: 200, schema: memberSchema, description: 'The member' },
    handler: async ({ principal, params }) => memberJson(await getMember(deps.db, principal.orgId, params.memberId)),
  });
}
