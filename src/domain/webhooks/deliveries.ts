// The webhook outbox (webhook_deliveries, one row per event and endpoint, written by a trigger in
// the event's transaction). Sending is at least once and never twice at the same time: due rows
// are claimed with FOR UPDATE SKIP LOCKED and leased (next_attempt_at moved past the send timeout)
// in one short transaction, so each is claimed by one process; a process that dies mid-send
// leaves its lease to expire and another process sends again, with the same webhook-id for the
// receiver to de-duplicate. A failure is retried on RETRY_SCHEDULE_MS with ±10 % jitter (over a
// day in all), then the delivery fails; an endpoint failing for DISABLE_AFTER_MS is disabled and
// its organization's Owners are mailed (through the alert mail outbox).
import { sql } from 'kysely';
import { inTransaction, type Executor } from '../storage/transaction.js';
import { WebhookDeliveryNotFound } from '../errors.js';
import { getEndpoint, type EndpointOwner } from './endpoints.js';
import { isUuid } from '../ids.js';

/** Delay before each retry: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (Standard Webhooks' example). */
export const RETRY_SCHEDULE_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;
export const DISABLE_AFTER_MS = 3 * 24 * 3_600_000;

export function retryDelayMs(failedAttempts: number, random: () => number = Math.random): number | null {
  const base = RETRY_SCHEDULE_MS[failedAttempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.9 + 0.2 * random()));
}

export interface DueDelivery {
  id: string;
  endpointId: string;
  orgId: string;
  url: string;
  secret: string;
  eventId: string;
  attempt: number;
  body: string;
}

/** Claims up to `limit` due deliveries for `leaseMs`; each is claimed by one caller only. */
export async function claimDueDeliveries(db: Executor, now: Date, leaseMs: number, limit = 50): Promise<DueDelivery[]> {
  return inTransaction(db, async (tx) => {
    const { rows } = await sql<{ id: string; endpoint_id: string; org_id: string; attempts: number; url: string; secret: string; event_id: string; type: string; occurred_at: Date; data: unknown }>`
      select d.id, d.endpoint_id, d.org_id, d.attempts, e.url, e.secret, d.event_id, ev.type, ev.occurred_at, ev.data
      from webhook_deliveries d
      join webhook_endpoints e on e.id = d.endpoint_id and e.enabled
      join app_events ev on ev.id = d.event_id
      -- A first attempt is due at once, whatever the clocks of the database and this process say.
      where d.status = 'pending' and (d.attempts = 0 or d.next_attempt_at <= ${now})
      order by d.next_attempt_at
      limit ${limit}
      for update of d skip locked`.execute(tx);
    if (rows.length) {
      await tx.updateTable('webhook_deliveries').set({ next_attempt_at: new Date(now.getTime() + leaseMs), attempts: sql`attempts + 1` })
        .where('id', 'in', rows.map((r) => r.id)).execute();
    }
    return rows.map((r) => ({
      id: r.id, endpointId: r.endpoint_id, orgId: r.org_id, url: r.url, secret: r.secret, eventId: r.event_id, attempt: r.attempts + 1,
      body: JSON.stringify({ id: r.event_id, type: r.type, timestamp: r.occurred_at.toISOString(), data: r.data }),
    }));
  });
}

export interface AttemptOutcome { statusCode: number | null; error: string | null; durationMs: number }

export async function recordDelivered(db: Executor, d: DueDelivery, outcome: AttemptOutcome, now: Date): Promise<void> {
  await inTransaction(db, async (tx) => {
    await tx.insertInto('webhook_attempts').values({ delivery_id: d.id, attempted_at: now, status_code: outcome.statusCode, error: null, duration_ms: outcome.durationMs }).execute();
    await tx.updateTable('webhook_deliveries').set({ status: 'delivered', delivered_at: now, last_status: outcome.statusCode, last_error: null })
      .where('id', '=', d.id).execute();
    await tx.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', '=', d.endpointId).where('failing_since', 'is not', null).execute();
  });
}

/** Records a failed attempt, schedules the next (or gives up), and disables an endpoint failing for three days. */
export async function recordFailed(db: Executor, d: DueDelivery, outcome: AttemptOutcome, now: Date): Promise<'retrying' | 'failed'> {
  const delay = retryDelayMs(d.attempt);
  const error = (outcome.error ?? `the receiver answered HTTP ${outcome.statusCode}`).slice(0, 500);
  await inTransaction(db, async (tx) => {
    await tx.insertInto('webhook_attempts').values({ delivery_id: d.id, attempted_at: now, status_code: outcome.statusCode, error, duration_ms: outcome.durationMs }).execute();
    await tx.updateTable('webhook_deliveries').set({
      status: delay === null ? 'failed' : 'pending', last_status: outcome.statusCode, last_error: error,
      next_attempt_at: new Date(now.getTime() + (delay ?? 0)),
    }).where('id', '=', d.id).execute();
    const endpoint = await tx.updateTable('webhook_endpoints').set({ failing_since: sql`coalesce(failing_since, ${now})` })
      .where('id', '=', d.endpointId).returning(['failing_since', 'enabled', 'org_id', 'url']).executeTakeFirst();
    if (endpoint?.enabled && endpoint.failing_since && now.getTime() - endpoint.failing_since.getTime() >= DISABLE_AFTER_MS) {
      await disable(tx, d.endpointId, endpoint, now);
    }
  });
  return delay === null ? 'failed' : 'retrying';
}

async function disable(tx: Executor, endpointId: string, endpoint: { org_id: string | null; url: string }, now: Date): Promise<void> {
  const reason = 'every delivery failed for three days';
  const disabled = await tx.updateTable('webhook_endpoints').set({ enabled: false, disabled_at: now, disabled_reason: reason })
    .where('id', '=', endpointId).where('enabled', '=', true).executeTakeFirst();
  if (Number(disabled.numUpdatedRows) !== 1 || !endpoint.org_id) return;
  const owners = await tx.selectFrom('members').select('email').where('org_id', '=', endpoint.org_id)
    .where('role', 'in', ['primary_owner', 'owner']).where('status', '=', 'active').execute();
  if (!owners.length) return;
  await tx.insertInto('alert_deliveries').values(owners.map((o) => ({
    org_id: endpoint.org_id!, channel: 'email' as const, target: o.email, subject: 'Seatgate disabled a webhook endpoint',
    body: `Seatgate could not deliver any event to ${endpoint.url} for three days, so it stopped sending to it.\n\n`
      + 'Events since then are kept: once the receiver works again, an Owner can enable the endpoint in the admin API '
      + `(POST /api/v1/webhooks/${endpointId}/enable) and the pending deliveries go out.`,
    next_attempt_at: now, created_at: now,
  }))).execute();
}

export interface DeliveryView {
  id: string; eventId: string; eventType: string; status: string; attempts: number; nextAttemptAt: string | null;
  lastStatus: number | null; lastError: string | null; createdAt: string; deliveredAt: string | null;
  history: Array<{ attemptedAt: string; statusCode: number | null; error: string | null; durationMs: number }>;
}

/** The endpoint's deliveries, newest first, each with its attempts. */
export async function listDeliveries(db: Executor, owner: EndpointOwner | null, endpointId: string, limit = 50, onlyId?: string): Promise<DeliveryView[]> {
  const endpoint = await getEndpoint(db, owner, endpointId);
  let q = db.selectFrom('webhook_deliveries as d').innerJoin('app_events as e', 'e.id', 'd.event_id')
    .select(['d.id', 'd.event_id', 'e.type', 'd.status', 'd.attempts', 'd.next_attempt_at', 'd.last_status', 'd.last_error', 'd.created_at', 'd.delivered_at'])
    .where('d.endpoint_id', '=', endpoint.id);
  if (onlyId) q = q.where('d.id', '=', onlyId);
  const rows = await q.orderBy('d.created_at', 'desc').orderBy('e.seq', 'desc').limit(limit).execute();
  const attempts = rows.length ? await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', rows.map((r) => r.id)).orderBy('id').execute() : [];
  return rows.map((r) => ({
    id: r.id, eventId: r.event_id, eventType: r.type, status: r.status, attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null, lastStatus: r.last_status, lastError: r.last_error,
    createdAt: r.created_at.toISOString(), deliveredAt: r.delivered_at?.toISOString() ?? null,
    history: attempts.filter((a) => a.delivery_id === r.id).map((a) => ({ attemptedAt: a.attempted_at.toISOString(), statusCode: a.status_code, error: a.error, durationMs: a.duration_ms })),
  }));
}

/** Sends a delivery again now, with a fresh retry schedule (its history stays). */
export async function retryDelivery(db: Executor, owner: EndpointOwner | null, endpointId: string, deliveryId: string, now: Date): Promise<DeliveryView> {
  const endpoint = await getEndpoint(db, owner, endpointId);
  if (!isUuid(deliveryId)) throw new WebhookDeliveryNotFound(deliveryId);
  const res = await db.updateTable('webhook_deliveries').set({ status: 'pending', attempts: 0, next_attempt_at: now, delivered_at: null })
    .where('id', '=', deliveryId).where('endpoint_id', '=', endpoint.id).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new WebhookDeliveryNotFound(deliveryId);
  return (await listDeliveries(db, owner, endpointId, 1, deliveryId))[0]!;
}

/** Finished deliveries (and their attempts) are kept this long for the history, then deleted. */
export const DELIVERY_RETENTION_MS = 30 * 24 * 3_600_000;

export async function pruneWebhookDeliveries(db: Executor, now: Date): Promise<number> {
  const before = new Date(now.getTime() - DELIVERY_RETENTION_MS);
  const res = await db.deleteFrom('webhook_deliveries').where('status', '<>', 'pending').where('created_at', '<', before).executeTakeFirst();
  await db.deleteFrom('op_logout_deliveries').where('status', '<>', 'pending').where('created_at', '<', before).execute();
  return Number(res.numDeletedRows);
}
