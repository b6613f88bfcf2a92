// Invitations: Admins and above invite an email on a verified domain with a role (not above
// their own) and an optional seat tier; resend (new link, old one dead), revoke, list.
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import { actionContext, invitationDeps, type ApiDeps } from '../deps.js';
import { invite, listInvitations, resend, revoke, type SentInvitation } from '../../domain/invitations/invitations.js';
import { invitationWarnings } from '../../domain/invitations/warnings.js';
import { tier } from '../schemas.js';

const invitation = z.object({
  id: z.uuid(), email: z.string(), role: z.enum(['owner', 'admin', 'member']), seatTier: tier.nullable(),
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  invitedBy: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  createdAt: z.string(), expiresAt: z.string(), acceptedAt: z.string().nullable(), revokedAt: z.string().nullable(),
  memberId: z.string().nullable(), replacedBy: z.string().nullable(),
});
const warnings = z.array(z.object({ code: z.enum(['SSO_NOT_CONFIGURED']), message: z.string() }))
  .describe('What stands in the way of the invitees, e.g. SSO_NOT_CONFIGURED: they can accept but not sign in yet');
const sent = z.object({
  invitation,
  mail: z.object({ sent: z.boolean(), via: z.enum(['smtp', 'outbox']).optional(), error: z.string().optional() }),
  warnings,
});
const params = z.object({ invitationId: z.string().max(64) });

// The link itself is mailed, never returned: whoever holds it can join the organization.
async function sentJson(deps: ApiDeps, orgId: string, r: SentInvitation): Promise<z.infer<typeof sent>> {
  return {
    invitation: r.invitation, mail: r.mail.sent ? { sent: true, via: r.mail.receipt.via } : { sent: false, error: r.mail.error },
    warnings: await invitationWarnings(deps.db, orgId),
  };
}

export function invitationRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  routes.add(router, {
    method: 'post', path: '/invitations', tag: 'Invitations', permission: 'members.invite',
    summary: 'Invite an email on a verified domain; refused when no seat is free (a pending invitation reserves none)',
    body: z.object({ email: z.string().max(320), role: z.enum(['owner', 'admin', 'member']).default('member'), seatTier: tier.nullable().optional() }),
    response: { status: 201, schema: sent, description: 'The invitation and whether its mail went out' },
    handler: async ({ principal, body, req }) =>
      sentJson(deps, principal.orgId, await invite(invitationDeps(deps), principal.orgId, principal.role, body, actionContext(deps, principal, req))),
  });
  routes.add(router, {
    method: 'get', path: '/invitations', tag: 'Invitations', permission: 'members.invite', summary: 'List invitations, newest first',
    query: z.object({ status: z.enum(['pending', 'accepted', 'revoked', 'expired']).optional() }),
    response: { status: 200, schema: z.object({ invitations: z.array(invitation), warnings }), description: 'The invitations, and what stands in their way' },
    handler: async ({ principal, query }) => ({
      invitations: await listInvitations(deps.db, principal.orgId, deps.clock.now(), query.status),
      warnings: await invitationWarnings(deps.db, principal.orgId),
    }),
  });
  routes.add(router, {
    method: 'post', path: '/invitations/:invitationId/resend', tag: 'Invitations', permission: 'members.invite',
    summary: 'Send a new link (new invitation id, full lifetime); the previous link stops working', params,
    response: { status: 201, schema: sent, description: 'The new invitation' },
    handler: async ({ principal, params: p, req }) => sentJson(deps, principal.orgId, await resend(invitationDeps(deps), principal.orgId, p.invitationId, actionContext(deps, principal, req))),
  });
  routes.add(router, {
    method: 'delete', path: '/invitations/:invitationId', tag: 'Invitations', permission: 'members.invite',
    summary: 'Revoke a pending invitation', params,
    response: { status: 200, schema: invitation, description: 'The revoked invitation' },
    handler: async ({ principal, params: p, req }) => revoke(deps.db, principal.orgId, p.invitationId, actionContext(deps, principal, req)),
  });
}
