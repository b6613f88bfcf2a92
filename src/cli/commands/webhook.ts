// `seatgate webhook create|list|remove|enable|deliveries|retry`: webhook endpoints for an
// application (every organization it serves) or for one organization, in the Standard Webhooks
// format. The signing secret is printed once, at creation. The URL passes the SSRF guard
// (WEBHOOK_ALLOW_PRIVATE lifts it for labs).
import { defineCommand, UsageError } from '../command.js';
import { list, optionalText, text, wholeNumber } from '../arguments.js';
import { getOrgBySlug } from '../../domain/orgs/orgs.js';
import { getApp } from '../../domain/apps/apps.js';
import { createEndpoint, enableEndpoint, listEndpoints, removeEndpoint, type EndpointOwner, type EndpointView } from '../../domain/webhooks/endpoints.js';
import { listDeliveries, retryDelivery } from '../../domain/webhooks/deliveries.js';
import { APP_EVENT_TYPES, isAppEventType } from '../../domain/events/event-types.js';
import { checkWebhookUrl } from '../../alerts/webhook-target.js';
import { table } from '../format.js';
import type { CliContext, Values } from '../command.js';

const idOption = { type: 'string' as const, value: 'WEBHOOK_ID', required: true, help: 'the endpoint\'s id, as `seatgate webhook list` shows it' };
const ownerOptions = {
  org: { type: 'string' as const, value: 'SLUG', help: 'the organization whose events the endpoint receives' },
  app: { type: 'string' as const, value: 'CLIENT_ID', help: 'the application whose organizations\' events the endpoint receives' },
};

function owner(v: Values, required: boolean): { org?: string; app?: string } | null {
  const org = optionalText(v, 'org', 63);
  const app = optionalText(v, 'app', 100);
  if (org && app) throw new UsageError('give --org or --app, not both');
  if (!org && !app) { if (required) throw new UsageError('give --org SLUG or --app CLIENT_ID'); return null; }
  return org ? { org } : { app: app! };
}

async function resolve(ctx: CliContext, o: { org?: string; app?: string } | null): Promise<EndpointOwner | null> {
  if (!o) return null;
  const db = await ctx.db();
  return o.org ? { orgId: (await getOrgBySlug(db, o.org)).id } : { appId: (await getApp(db, o.app!)).id };
}

const row = (e: EndpointView) => [e.id, e.url, e.orgId ? 'org' : 'app', e.eventTypes?.join(',') ?? 'all', e.enabled ? 'enabled' : `disabled (${e.disabledReason})`];

export const webhookCreate = defineCommand({
  words: ['webhook', 'create'],
  summary: 'add a webhook endpoint for an application or an organization; its secret is shown once',
  options: {
    url: { type: 'string', value: 'URL', required: true, help: 'where Seatgate POSTs the events (https)' },
    ...ownerOptions,
    event: { type: 'string', value: 'TYPE', multiple: true, help: `only this event type; repeat for several (default: all of ${APP_EVENT_TYPES.join(', ')})` },
    description: { type: 'string', value: 'TEXT', help: 'a note for whoever reads the list, at most 200 characters' },
  },
  example: ['webhook', 'create', '--org', 'acme-corp', '--url', 'https://notes.example.com/hooks/seatgate'],
  notes: ['Verify deliveries with any Standard Webhooks library (webhook-id, webhook-timestamp, webhook-signature).'],
  parse: (v) => {
    const events = list(v, 'event');
    const bad = events.find((e) => !isAppEventType(e));
    if (bad) throw new UsageError(`--event ${bad} is not one of ${APP_EVENT_TYPES.join(', ')}`);
    return { url: text(v, 'url', 2000), owner: owner(v, true), events, description: optionalText(v, 'description', 200) ?? null };
  },
  async run(ctx, input) {
    await checkWebhookUrl(input.url, ctx.config.webhookAllowPrivate);
    const { endpoint, secret } = await createEndpoint(await ctx.db(), (await resolve(ctx, input.owner))!, { url: input.url, eventTypes: input.events, description: input.description }, ctx.action().clock.now());
    return {
      json: { ...endpoint, secret },
      text: [`Added webhook endpoint ${endpoint.id} → ${endpoint.url}.`, `  signing secret: ${secret}`, '', 'Copy the secret now: it cannot be shown again.'].join('\n'),
    };
  },
});

export const webhookList = defineCommand({
  words: ['webhook', 'list'],
  summary: 'list webhook endpoints (all, or those of an organization or application)',
  options: { ...ownerOptions },
  example: ['webhook', 'list'],
  parse: (v) => ({ owner: owner(v, false) }),
  async run(ctx, input) {
    const endpoints = await listEndpoints(await ctx.db(), await resolve(ctx, input.owner));
    return { json: endpoints, text: endpoints.length ? table(['id', 'url', 'for', 'events', 'state'], endpoints.map(row)) : 'No webhook endpoints.' };
  },
});

export const webhookRemove = defineCommand({
  words: ['webhook', 'remove'],
  summary: 'remove a webhook endpoint and its delivery history',
  options: { id: idOption },
  example: ['webhook', 'remove', '--id', '6f1c2a4e-0000-4000-8000-000000000000'],
  parse: (v) => ({ id: text(v, 'id', 64) }),
  async run(ctx, { id }) {
    const endpoint = await removeEndpoint(await ctx.db(), null, id);
    return { json: endpoint, text: `Removed webhook endpoint ${endpoint.id} (${endpoint.url}).` };
  },
});

export const webhookEnable = defineCommand({
  words: ['webhook', 'enable'],
  summary: 'enable an endpoint that was disabled after three days of failures; pending deliveries go out',
  options: { id: idOption },
  example: ['webhook', 'enable', '--id', '6f1c2a4e-0000-4000-8000-000000000000'],
  parse: (v) => ({ id: text(v, 'id', 64) }),
  async run(ctx, { id }) {
    const endpoint = await enableEndpoint(await ctx.db(), null, id);
    return { json: endpoint, text: `Enabled webhook endpoint ${endpoint.id} (${endpoint.url}).` };
  },
});

export const webhookDeliveries = defineCommand({
  words: ['webhook', 'deliveries'],
  summary: 'show an endpoint\'s recent deliveries and their attempts',
  options: { id: idOption, limit: { type: 'string', value: 'N', help: 'how many, newest first (default 20, at most 500)' } },
  example: ['webhook', 'deliveries', '--id', '6f1c2a4e-0000-4000-8000-000000000000'],
  parse: (v) => ({ id: text(v, 'id', 64), limit: wholeNumber(v, 'limit', { min: 1, max: 500, fallback: 20 }) }),
  async run(ctx, { id, limit }) {
    const deliveries = await listDeliveries(await ctx.db(), null, id, limit);
    return {
      json: deliveries,
      text: deliveries.length ? table(['delivery', 'event', 'type', 'status', 'attempts', 'last', 'next attempt'], deliveries.map((d) =>
        [d.id, d.eventId, d.eventType, d.status, d.attempts, d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : null), d.nextAttemptAt])) : 'No deliveries yet.',
    };
  },
});

export const webhookRetry = defineCommand({
  words: ['webhook', 'retry'],
  summary: 'send a delivery again now, with a fresh retry schedule',
  options: { id: idOption, delivery: { type: 'string', value: 'DELIVERY_ID', required: true, help: 'the delivery, as `seatgate webhook deliveries` shows it' } },
  example: ['webhook', 'retry', '--id', '6f1c2a4e-0000-4000-8000-000000000000', '--delivery', '7a2d3b5f-0000-4000-8000-000000000000'],
  parse: (v) => ({ id: text(v, 'id', 64), delivery: text(v, 'delivery', 64) }),
  async run(ctx, { id, delivery }) {
    const d = await retryDelivery(await ctx.db(), null, id, delivery, ctx.action().clock.now());
    return { json: d, text: `Delivery ${d.id} of ${d.eventId} is due again now; a running server sends it within a second.` };
  },
});
