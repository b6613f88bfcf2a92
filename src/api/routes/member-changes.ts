// Changes to members: role, primary-owner transfer, seat tier, suspend, reactivate, remove.
// Adding members is by invitation (routes/invitations.ts).
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import { actionContext, type ApiDeps } from '../deps.js';
import { changeRole, transferPrimaryOwner } from '../../domain/roles/role-changes.js';
import { changeMember, type MemberChange } from '../../domain/members/member-changes.js';
import { memberJson, memberSchema } from './members.js';
import { tier } from '../schemas.js';

const memberParams = z.object({ memberId: z.string().max(64) });

export function memberChangeRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  routes.add(router, {
    method: 'put', path: '/members/:memberId/role', tag: 'Members', permission: 'members.manage',
    summary: 'Change a member\'s role (not above your own; primary owner only by transfer)',
    params: memberParams, body: z.object({ role: z.enum(['owner', 'admin', 'member']) }),
    response: { status: 200, schema: memberSchema, description: 'The member with the new role' },
    handler: async ({ principal, params, body, req }) =>
      memberJson(await changeRole(deps.db, principal.orgId, principal.role, params.memberId, body.role, actionContext(deps, principal, req))),
  });
  routes.add(router, {
    method: 'post', path: '/primary-owner', tag: 'Members', permission: 'primary_owner.transfer',
    summary: 'Transfer the primary owner role to another active member (you stay an owner)',
    body: z.object({ memberId: z.string().max(64) }),
    response: { status: 200, schema: z.object({ former: memberSchema, current: memberSchema }), description: 'Both members after the transfer' },
    handler: async ({ principal, body, req }) => {
      const r = await transferPrimaryOwner(deps.db, principal.orgId, { role: principal.role, memberId: principal.memberId }, body.memberId, actionContext(deps, principal, req));
      return { former: memberJson(r.former), current: memberJson(r.current) };
    },
  });
  const change = (path: string, method: 'patch' | 'post' | 'delete', summary: string, toChange: (body: any) => MemberChange, body?: z.ZodType) =>
    routes.add(router, {
      method, path, tag: 'Members', permission: 'members.manage', summary, params: memberParams, ...(body ? { body } : {}),
      response: { status: 200, schema: memberSchema, description: 'The member after the change' },
      handler: async ({ principal, params, body: b, req }) =>
        memberJson(await changeMember(deps.db, principal.orgId, principal.role, params.memberId, toChange(b), actionContext(deps, principal, req))),
    });
  change('/members/:memberId', 'patch', 'Move a member\'s seat to another tier (when it has room)',
    (b: { seatTier: string }) => ({ kind: 'tier', tier: b.seatTier }), z.object({ seatTier: tier }));
  change('/members/:memberId/suspend', 'post', 'Suspend a member (their seat is freed)', () => ({ kind: 'suspend' }));
  change('/members/:memberId/reactivate', 'post', 'Reactivate a suspended member (needs a free seat)', () => ({ kind: 'reactivate' }));
  change('/members/:memberId', 'delete', 'Remove a member for good (their seat is freed)', () => ({ kind: 'remove' }));
}
