// The seat-request queue: people turned away for lack of a seat, waiting to be seated when seats
// are bought or freed. Admins and up read it, with a quote for seating everyone in it.
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { seatRequestOverview } from '../../domain/seat-requests/overview.js';
import { counts, invoice } from './billing.js';

const request = z.object({
  id: z.uuid(), memberId: z.uuid().nullable(), subject: z.string().describe('userName (for SSO and invitations, the email)'),
  path: z.enum(['scim', 'scim_reactivation', 'jit', 'invite', 'tier_change']), wantedTier: z.string().describe('a tier key of the catalogue (GET /api/v1/tiers), or highest (any tier)'),
  firstSeen: z.string(), lastSeen: z.string(), attempts: z.int(),
});

export function seatRequestRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  routes.add(router, {
    method: 'get', path: '/seat-requests', tag: 'Seats', permission: 'seats.read',
    summary: 'People turned away for lack of a seat, oldest first, with counts per wanted tier and a quote for seating them all',
    response: {
      status: 200, description: 'The queue',
      schema: z.object({
        requests: z.array(request),
        countsByWantedTier: z.record(z.string(), z.int()).describe('queued requests per wanted tier key, or highest'),
        seatsNeeded: z.record(z.string(), z.int()).describe('seats to buy per tier key of the catalogue, best tier first (highest requests count on the lowest tier)'),
        quote: z.object({ invoice, seatsBefore: counts, seatsAfter: counts }).nullable()
          .describe('the invoice buying seatsNeeded would issue now (POST /seats/preview); null when nothing is needed or no quote is possible'),
        quoteUnavailable: z.object({ code: z.string(), message: z.string() }).nullable(),
      }),
    },
    handler: async ({ principal }) => seatRequestOverview(deps.db, principal.orgId, deps.clock),
  });
}
