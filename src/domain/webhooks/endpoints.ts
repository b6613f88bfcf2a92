// Webhook endpoints: per organization (its admins manage them through the admin API) or per
// application (the operator, with `seatgate webhook create --app`). Each has its own Standard
// Webhooks secret, shown once at creation, and an optional filter of event types. An endpoint that
// failed for three days is disabled (src/domain/webhooks/deliveries.ts); enabling it again resumes
// its pending deliveries. The URL is checked by the caller's SSRF guard before it is saved.
import type { Executor } from '../storage/transaction.js';
import type { WebhookEndpoint } from '../../db/schema.js';
import { InvalidInput, WebhookNotFound } from '../errors.js';
import { isUuid } from '../ids.js';
import { isAppEventType } from '../events/event-types.js';
import { newWebhookSecret } from './signature.js';

export type EndpointOwner = { orgId: string } | { appId: string };

export interface EndpointInput { url: string; eventTypes?: string[] | null; description?: string | null }

export interface EndpointView {
  id: string;
  orgId: string | null;
  appId: string | null;
  url: string;
  description: string | null;
  eventTypes: string[] | null;
  enabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  failingSince: string | null;
  createdAt: string;
}

export async function createEndpoint(db: Executor, owner: EndpointOwner, input: EndpointInput, now: Date): Promise<{ endpoint: EndpointView; secret: string }> {
  if (input.url.length > 2000 || !/^https?:\/\//.test(input.url)) throw new InvalidInput('url', 'must be an http(s) URL of at most 2000 characters');
  const types = input.eventTypes?.length ? [...new Set(input.eventTypes)] : null;
  const unknown = types?.find((t) => !isAppEventType(t));
  if (unknown) throw new InvalidInput('eventTypes', `${unknown} is not an event type`);
  const description = input.description?.trim() || null;
  if (description && description.length > 200) throw new InvalidInput('description', 'at most 200 characters');
  const secret = newWebhookSecret();
  const row = await db.insertInto('webhook_endpoints').values({
    org_id: 'orgId' in owner ? owner.orgId : null, app_id: 'appId' in owner ? owner.appId : null,
    url: input.url, secret, description, event_types: types, created_at: now,
  }).returningAll().executeTakeFirstOrThrow();
  return { endpoint: view(row), secret };
}

export async function listEndpoints(db: Executor, owner: EndpointOwner | null): Promise<EndpointView[]> {
  let q = db.selectFrom('webhook_endpoints').selectAll().orderBy('created_at');
  if (owner) q = 'orgId' in owner ? q.where('org_id', '=', owner.orgId) : q.where('app_id', '=', owner.appId);
  return (await q.execute()).map(view);
}

/** The endpoint, when it belongs to `owner` (null: the operator, who sees every endpoint). */
export async function getEndpoint(db: Executor, owner: EndpointOwner | null, id: string): Promise<WebhookEndpoint> {
  if (!isUuid(id)) throw new WebhookNotFound(id);
  let q = db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id);
  if (owner) q = 'orgId' in owner ? q.where('org_id', '=', owner.orgId) : q.where('app_id', '=', owner.appId);
  const row = await q.executeTakeFirst();
  if (!row) throw new WebhookNotFound(id);
  return row;
}

export async function describeEndpoint(db: Executor, owner: EndpointOwner | null, id: string): Promise<EndpointView> {
  return view(await getEndpoint(db, owner, id));
}

/** Removes the endpoint and its delivery history. */
export async function removeEndpoint(db: Executor, owner: EndpointOwner | null, id: string): Promise<EndpointView> {
  const row = await getEndpoint(db, owner, id);
  await db.deleteFrom('webhook_endpoints').where('id', '=', row.id).execute();
  return view(row);
}

/** Turns a disabled endpoint back on: its pending deliveries go out again. */
export async function enableEndpoint(db: Executor, owner: EndpointOwner | null, id: string): Promise<EndpointView> {
  const row = await getEndpoint(db, owner, id);
  const updated = await db.updateTable('webhook_endpoints').set({ enabled: true, disabled_at: null, disabled_reason: null, failing_since: null })
    .where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
  return view(updated);
}

export function view(r: WebhookEndpoint): EndpointView {
  return {
    id: r.id, orgId: r.org_id, appId: r.app_id, url: r.url, description: r.description, eventTypes: r.event_types,
    enabled: r.enabled, disabledAt: r.disabled_at?.toISOString() ?? null, disabledReason: r.disabled_reason,
    failingSince: r.failing_since?.toISOString() ?? null, createdAt: r.created_at.toISOString(),
  };
}
