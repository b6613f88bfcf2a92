// Seat-usage alert settings: the threshold (percent of a tier's seats claimed) and an optional
// signed webhook. Owners only; Owners are also who the alert mails go to.
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import { actionContext, type ApiDeps } from '../deps.js';
import { getAlertSettings, updateAlertSettings } from '../../domain/alerts/alert-settings.js';
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
