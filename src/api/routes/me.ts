// The signed-in person: who they are, in which organization, with which seat and what it
// includes; and signing out (the session is revoked on the server, in every process). Both are
// for people (the session cookie): an API key has no member and no session.
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import type { Principal } from '../principal.js';
import { SessionRequired } from '../../domain/errors.js';
import { getOrg } from '../../domain/orgs/orgs.js';
import { getMember } from '../../domain/members/lifecycle.js';
import { describeEntitlements, entitlementsFor } from '../../domain/seats/entitlements.js';
import { revokeSession } from '../../domain/sessions/sessions.js';
import { clearSessionCookie } from '../../sessions/session-cookie.js';
import { homeFor } from '../../sessions/home.js';
import { role, tier } from '../schemas.js';

const me = z.object({
  member: z.object({ id: z.uuid(), email: z.string(), displayName: z.string().nullable(), role }),
  org: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  seat: z.object({ tier, includes: z.array(z.string()).describe('the entitlements in words, for people') }),
  entitlements: z.object({ features: z.array(z.string()), limits: z.object({ requestsPerDay: z.int(), storageGb: z.int() }) }),
  home: z.string().describe('where this person belongs: /admin for Owners and Admins, /account for Members'),
});

function person(p: Principal): { memberId: string; sessionId: string } {
  if (p.via !== 'session' || !p.memberId || !p.sessionId) throw new SessionRequired('This describes a signed-in person; an API key has no member or session.');
  return { memberId: p.memberId, sessionId: p.sessionId };
}

export function meRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  routes.add(router, {
    method: 'get', path: '/me', tag: 'Account', permission: 'account.use',
    summary: 'The signed-in person: member, organization, seat tier and its entitlements',
    response: { status: 200, schema: me, description: 'The person' },
    handler: async ({ principal }) => {
      const m = await getMember(deps.db, principal.orgId, person(principal).memberId);
      const org = await getOrg(deps.db, principal.orgId);
      const seatTier = m.seat_tier!;
      return {
        member: { id: m.id, email: m.email, displayName: m.display_name, role: m.role },
        org: { id: org.id, slug: org.slug, name: org.name },
        seat: { tier: seatTier, includes: describeEntitlements(entitlementsFor(seatTier)) },
        entitlements: entitlementsFor(seatTier), home: homeFor(m.role),
      };
    },
  });
  routes.add(router, {
    method: 'delete', path: '/session', tag: 'Account', permission: 'account.use',
    summary: 'Sign out: end this session on the server and clear its cookie',
    response: { status: 204, schema: null, description: 'Signed out' },
    handler: async ({ principal, res }) => {
      await revokeSession(deps.db, person(principal).sessionId, 'signed_out', deps.clock.now());
      if (deps.session) clearSessionCookie(res, deps.session);
      return {};
    },
  });
}
