// Billing of the caller's organization: its contract, seat changes (preview, then confirm with an
// Idempotency-Key) and invoices. Prices and terms are set by the operator (`seatgate contract
// set`); through the API an Owner can only switch auto-renew, so no API key can set its own price.
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import { actionContext, type ApiDeps } from '../deps.js';
import { getCurrentContract, setAutoRenew } from '../../domain/billing/contracts.js';
import { confirmSeatChange, previewSeatChange } from '../../domain/billing/seat-changes.js';
import { getInvoice, listInvoices } from '../../domain/billing/invoices.js';
import { InvalidInput } from '../../domain/errors.js';
import { limitParam, tier } from '../schemas.js';

const perTier = z.record(z.string(), z.int()).describe('per tier key of the catalogue');
const contract = z.object({
  id: z.uuid(), orgId: z.uuid(), termStart: z.string(), termEnd: z.string().describe('exclusive'), autoRenew: z.boolean(),
  currency: z.string(), prices: perTier.describe('annual price of one seat per tier key, minor units (a tier newer than the contract has none)'), initialSeats: perTier,
  status: z.enum(['active', 'renewed', 'expired', 'replaced']), renewedFrom: z.uuid().nullable(), createdAt: z.string(), endedAt: z.string().nullable(),
});
const line = z.object({
  kind: z.enum(['seat_purchase', 'upgrade', 'renewal']), tier: tier.describe('the tier of the seats (for an upgrade: the tier they moved to)'),
  fromTier: tier.optional().describe('upgrade lines: the tier the seats moved from'), quantity: z.int(), unitAmount: z.int(),
  months: z.int(), days: z.int(), daysInMonth: z.int(), amount: z.int(), description: z.string(),
});
export const invoice = z.object({
  id: z.uuid().nullable(), number: z.int().nullable(), orgId: z.uuid(), contractId: z.uuid(), kind: z.enum(['seat_change', 'renewal']),
  currency: z.string(), issuedAt: z.string(), periodStart: z.string(), periodEnd: z.string(), lines: z.array(line), total: z.int(),
});
const pool = z.object({ purchased: z.int(), claimed: z.int() });
export const counts = z.record(z.string(), pool).describe('per tier key of the catalogue, best tier first');
const seatCount = z.int().min(0).max(1_000_000);
const seatChange = z.strictObject({
  add: z.record(tier, seatCount).optional().describe('seats to buy per tier key, e.g. {"standard": 5}'),
  upgrade: z.strictObject({
    count: seatCount,
    memberIds: z.array(z.string().max(64)).max(1000).optional().describe('members who move up when fewer seats of the lower tier are unclaimed'),
    from: tier.optional().describe('the tier the seats leave (default: the one just below `to`; without either, the second-best tier, so standard)'),
    to: tier.optional().describe('the higher tier they join (default: the tier just above `from`, or the best tier, so premium)'),
  }).optional(),
});
const idempotencyHeader = { name: 'Idempotency-Key', required: true, description: 'A unique key per change (e.g. a UUID); a retry with the same key replays the first response and bills nothing.' };

export function billingRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  routes.add(router, {
    method: 'get', path: '/contract', tag: 'Billing', summary: 'The current contract', permission: 'contract.read',
    response: { status: 200, schema: contract, description: 'The contract' },
    handler: async ({ principal }) => getCurrentContract(deps.db, principal.orgId),
  });
  routes.add(router, {
    method: 'put', path: '/contract', tag: 'Billing', summary: 'Switch auto-renew of the current contract', permission: 'contract.manage',
    body: z.strictObject({ autoRenew: z.boolean() }),
    response: { status: 200, schema: contract, description: 'The contract' },
    handler: async ({ principal, body, req }) => setAutoRenew(deps.db, principal.orgId, body.autoRenew, actionContext(deps, principal, req)),
  });
  routes.add(router, {
    method: 'post', path: '/seats/preview', tag: 'Billing', summary: 'The exact invoice a seat change would issue now; changes nothing', permission: 'seats.purchase',
    body: seatChange,
    response: { status: 200, schema: z.object({ invoice, seatsBefore: counts, seatsAfter: counts }), description: 'The preview' },
    handler: async ({ principal, body }) => previewSeatChange(deps.db, principal.orgId, body, deps.clock),
  });
  routes.add(router, {
    method: 'post', path: '/seats/confirm', tag: 'Billing', summary: 'Add and/or upgrade seats and issue the invoice, once per Idempotency-Key', permission: 'seats.purchase',
    body: seatChange, headers: [idempotencyHeader],
    response: { status: 201, schema: z.object({ invoice, seats: counts, movedMemberIds: z.array(z.uuid()) }), description: 'The invoice and the seats after the change (replayed as is for a repeated key, with Idempotent-Replayed: true)' },
    handler: async ({ principal, body, req, res }) => {
      const key = req.get('idempotency-key');
      if (key === undefined) throw new InvalidInput('Idempotency-Key', 'header is required');
      const done = await confirmSeatChange(deps.db, principal.orgId, body, key, actionContext(deps, principal, req));
      // The stored text, byte for byte: never re-serialized.
      if (done.replayed) res.set('Idempotent-Replayed', 'true');
      res.status(201).type('application/json').send(done.body);
      return undefined;
    },
  });
  routes.add(router, {
    method: 'get', path: '/invoices', tag: 'Billing', summary: 'Invoices, newest first', permission: 'invoices.read',
    query: z.object({ limit: limitParam(500, 100), cursor: z.string().max(20).optional() }),
    response: { status: 200, schema: z.object({ invoices: z.array(invoice), nextCursor: z.string().nullable() }), description: 'A page of invoices' },
    handler: async ({ principal, query }) => listInvoices(deps.db, principal.orgId, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) }),
  });
  routes.add(router, {
    method: 'get', path: '/invoices/:invoiceId', tag: 'Billing', summary: 'One invoice with its lines', permission: 'invoices.read',
    params: z.object({ invoiceId: z.string().max(64) }),
    response: { status: 200, schema: invoice, description: 'The invoice' },
    handler: async ({ principal, params }) => getInvoice(deps.db, principal.orgId, params.invoiceId),
  });
}
