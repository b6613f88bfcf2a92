// Seat-usage alert settings: the threshold (percent of a tier's seats claimed) and an optional
// signed webhook. Owners only; Owners are also who the alert mails go to.
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import { actionContext, type ApiDeps } from '../deps.js';
import { alertStatus, getAlertSettings, recentDeliveries, updateAlertSettings } from '../../domain/alerts/alert-settings.js';
import { limitParam } from '../schemas.js';
import { checkWebhookUrl } from '../../alerts/webhook-target.js';

const settings = z.object({
  thresholdPercent: z.int(), webhookUrl: z.string().nullable(), webhookSecretPrefix: z.string().nullable(),
  webhookSecret: z.string().optional().describe('Present only when a secret was just issued: store it now'),
});

export function alertRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  routes.add(router, {
    method: 'get', path: '/alerts', tag: 'Alerts', permission: 'alerts.manage', summary: 'Seat-usage alert settings',
    response: { status: 200, schema: settings, description: 'The settings' },
    handler: async ({ principal }) => getAlertSettings(deps.db, principal.orgId),
  });
  routes.add(router, {
    method: 'get', path: '/alerts/state', tag: 'Alerts', permission: 'alerts.manage', summary: 'Which seat alerts are raised now, and when each last notified',
    response: { status: 200, schema: z.object({ alerts: z.array(z.object({ alert: z.string(), active: z.boolean(), raisedAt: z.string().nullable(), clearedAt: z.string().nullable(), notifiedAt: z.string().nullable() })) }), description: 'Alert state' },
    handler: async ({ principal }) => ({ alerts: await alertStatus(deps.db, principal.orgId) }),
  });
  routes.add(router, {
    method: 'get', path: '/alerts/deliveries', tag: 'Alerts', permission: 'alerts.manage', summary: 'Recent alert mails and webhook calls with their delivery state',
    query: z.object({ limit: limitParam(500, 50) }),
    response: {
      status: 200, description: 'Deliveries, newest first',
      schema: z.object({ deliveries: z.array(z.object({
        id: z.string(), channel: z.string(), target: z.string(), subject: z.string().nullable(), status: z.string(), attempts: z.int(),
        nextAttemptAt: z.string(), lastError: z.string().nullable(), createdAt: z.string(), deliveredAt: z.string().nullable(),
      })) }),
    },
    handler: async ({ principal, query }) => ({ deliveries: await recentDeliveries(deps.db, principal.orgId, query.limit) }),
  });
  routes.add(router, {
    method: 'put', path: '/alerts', tag: 'Alerts', permission: 'alerts.manage',
    summary: 'Change the threshold or webhook; a new webhook (or rotateWebhookSecret) issues a signing secret, shown once',
    body: z.object({
      thresholdPercent: z.int().min(1).max(100).optional(),
      webhookUrl: z.string().max(2000).nullable().optional(),
      rotateWebhookSecret: z.boolean().optional(),
    }),
    response: { status: 200, schema: settings, description: 'The settings' },
    handler: async ({ principal, body, req }) => {
      if (body.webhookUrl) await checkWebhookUrl(body.webhookUrl, deps.config.webhookAllowPrivate);
      return updateAlertSettings(deps.db, principal.orgId, body, actionContext(deps, principal, req));
    },
  });
}
