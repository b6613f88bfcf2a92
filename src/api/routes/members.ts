// Members of the caller's organization: list (search, filters, sort, keyset pages, a total) and
// read. (Changes — invite, reassign, remove — are declared beside their domain operations.)
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import type { Member } from '../../db/schema.js';
import { getMember } from '../../domain/members/lifecycle.js';
import { listMembers, MEMBER_SORTS } from '../../domain/members/member-list.js';
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
  q: z.string().max(200).regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters').optional()
    .describe('case-insensitive substring of email, userName or display name'),
  status: z.enum(['active', 'suspended', 'deprovisioned']).optional(),
  tier: tier.optional(),
  role: role.optional(),
  method: z.enum(['scim', 'jit', 'manual', 'admin', 'cli']).optional().describe('how the member arrived (createdVia)'),
  sort: z.enum(MEMBER_SORTS).optional().describe('default: by id'),
  order: z.enum(['asc', 'desc']).default('asc'),
  cursor: z.string().max(1000).optional().describe('the `next` of the previous page'),
  after: z.string().max(1000).optional().describe('deprecated: the same as cursor'),
  limit: limitParam(500, 100),
});

export function memberRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  routes.add(router, {
    method: 'get', path: '/members', tag: 'Members', permission: 'members.read',
    summary: 'List members: search, filter, sort, page by cursor; total counts every match',
    query: listQuery,
    response: {
      status: 200, description: 'A page of members',
      schema: z.object({
        members: z.array(memberSchema),
        next: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
        total: z.int().describe('members matching the filters, on every page'),
      }),
    },
    handler: async ({ principal, query: q }) => {
      const cursor = q.cursor ?? q.after;
      const page = await listMembers(deps.db, principal.orgId, {
        ...(q.q ? { q: q.q } : {}), ...(q.status ? { status: q.status } : {}), ...(q.tier ? { tier: q.tier } : {}),
        ...(q.role ? { role: q.role } : {}), ...(q.method ? { method: q.method } : {}), ...(q.sort ? { sort: q.sort } : {}),
        ...(cursor ? { cursor } : {}), order: q.order, limit: q.limit,
      });
      return { members: page.members.map(memberJson), next: page.next, total: page.total };
    },
  });
  routes.add(router, {
    method: 'get', path: '/members/:memberId', tag: 'Members', summary: 'One member', permission: 'members.read',
    params: z.object({ memberId: z.string().max(64) }),
    response: { status: 200, schema: memberSchema, description: 'The member' },
    handler: async ({ principal, params }) => memberJson(await getMember(deps.db, principal.orgId, params.memberId)),
  });
}
