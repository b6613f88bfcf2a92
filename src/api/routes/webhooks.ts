// The organization's webhook endpoints (Standard Webhooks format, docs/integration.md): add one
// (its signing secret is in that response only), list, enable again after automatic disabling,
// remove; each endpoint's deliveries with their attempts, and a manual retry. Owners only. The URL
// passes the same SSRF guard as alert webhooks, when saved and before every call.
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { createEndpoint, enableEndpoint, listEndpoints, removeEndpoint } from '../../domain/webhooks/endpoints.js';
import { listDeliveries, retryDelivery } from '../../domain/webhooks/deliveries.js';
import { APP_EVENT_TYPES } from '../../domain/events/event-types.js';
import { checkWebhookUrl } from '../../alerts/webhook-target.js';
import { limitParam } from '../schemas.js';

const endpoint = z.object({
  id: z.uuid(), orgId: z.uuid().nullable(), appId: z.uuid().nullable(), url: z.string(), description: z.string().nullable(),
  eventTypes: z.array(z.string()).nullable().describe('null: every event type'), enabled: z.boolean(),
  disabledAt: z.string().nullable(), disabledReason: z.string().nullable(),
  failingSince: z.string().nullable().describe('when the current run of failed attempts began; three days of it disable the endpoint'),
  createdAt: z.string(),
});

const delivery = z.object({
  id: z.uuid(), eventId: z.string(), eventType: z.string(), status: z.enum(['pending', 'delivered', 'failed']), attempts: z.int(),
  nextAttemptAt: z.string().nullable(), lastStatus: z.int().nullable(), lastError: z.string().nullable(),
  createdAt: z.string(), deliveredAt: z.string().nullable(),
  history: z.array(z.object({ attemptedAt: z.string(), statusCode: z.int().nullable(), error: z.string().nullable(), durationMs: z.int() })),
});

const endpointParams = z.object({ webhookId: z.string().max(64) });

export function webhookRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  const owner = (orgId: string) => ({ orgId });
  routes.add(router, {
    method: 'get', path: '/webhooks', tag: 'Webhooks', permission: 'webhooks.manage', summary: 'Webhook endpoints of the organization (never their secrets)',
    response: { status: 200, schema: z.object({ webhooks: z.array(endpoint) }), description: 'The endpoints, oldest first' },
    handler: async ({ principal }) => ({ webhooks: await listEndpoints(deps.db, owner(principal.orgId)) }),
  });
  routes.add(router, {
    method: 'post', path: '/webhooks', tag: 'Webhooks', permission: 'webhooks.manage',
    summary: 'Add a webhook endpoint; its signing secret (whsec_…) is in this response only',
    body: z.object({
      url: z.string().max(2000), eventTypes: z.array(z.enum(APP_EVENT_TYPES)).max(APP_EVENT_TYPES.length).optional(),
      description: z.string().max(200).optional(),
    }),
    response: { status: 201, schema: z.object({ webhook: endpoint, secret: z.string() }), description: 'The endpoint and its secret' },
    handler: async ({ principal, body, res }) => {
      await checkWebhookUrl(body.url, deps.config.webhookAllowPrivate);
      res.set('Cache-Control', 'no-store');
      const { endpoint: created, secret } = await createEndpoint(deps.db, owner(principal.orgId), body, deps.clock.now());
      return { webhook: created, secret };
    },
  });
  routes.add(router, {
    method: 'delete', path: '/webhooks/:webhookId', tag: 'Webhooks', permission: 'webhooks.manage', summary: 'Remove an endpoint and its delivery history',
    params: endpointParams, response: { status: 200, schema: endpoint, description: 'The removed endpoint' },
    handler: async ({ principal, params }) => removeEndpoint(deps.db, owner(principal.orgId), params.webhookId),
  });
  routes.add(router, {
    method: 'post', path: '/webhooks/:webhookId/enable', tag: 'Webhooks', permission: 'webhooks.manage',
    summary: 'Enable an endpoint again (after three days of failures disabled it); its pending deliveries go out',
    params: endpointParams, response: { status: 200, schema: endpoint, description: 'The endpoint' },
    handler: async ({ principal, params }) => enableEndpoint(deps.db, owner(principal.orgId), params.webhookId),
  });
  routes.add(router, {
    method: 'get', path: '/webhooks/:webhookId/deliveries', tag: 'Webhooks', permission: 'webhooks.manage',
    summary: 'Deliveries of an endpoint, newest first, each with its attempts', params: endpointParams, query: z.object({ limit: limitParam(500, 50) }),
    response: { status: 200, schema: z.object({ deliveries: z.array(delivery) }), description: 'The delivery history' },
    handler: async ({ principal, params, query }) => ({ deliveries: await listDeliveries(deps.db, owner(principal.orgId), params.webhookId, query.limit) }),
  });
  routes.add(router, {
    method: 'post', path: '/webhooks/:webhookId/deliveries/:deliveryId/retry', tag: 'Webhooks', permission: 'webhooks.manage',
    summary: 'Send a delivery again now, with a fresh retry schedule', params: z.object({ webhookId: z.string().max(64), deliveryId: z.string().max(64) }),
    response: { status: 200, schema: delivery, description: 'The delivery, pending again' },
    handler: async ({ principal, params }) => retryDelivery(deps.db, owner(principal.orgId), params.webhookId, params.deliveryId, deps.clock.now()),
  });
}
