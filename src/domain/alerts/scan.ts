// The alert scan: compares what holds now (seat counts, recent seat.rejected events) with the
// alert state in the database. An alert that starts to hold is raised by a conditional upsert
// (only where it was not active), so when several processes scan at once exactly one wins, and
// the winner writes the mails and the webhook call to the delivery outbox in the same
// transaction. An alert that no longer holds is cleared. The allocator is never touched: this
// reads what it left behind.
import { sql } from 'kysely';
import type { AlertKey, Tier } from '../../db/schema.js';
import { inTransaction, type Executor } from '../storage/transaction.js';
import type { SeatCounts } from '../errors.js';
import { tiersByPriority } from '../seats/tiers.js';
import { alertMail, alertWebhookBody, type RaisedAlerts } from './alert-message.js';
import { DEFAULT_THRESHOLD_PERCENT, holdingAlerts, NOTIFY_COOLDOWN_MS, REJECTION_WINDOW_MS } from './conditions.js';

export interface ScanResult { raised: AlertKey[]; cleared: AlertKey[]; deliveries: number }

interface OrgSnapshot { id: string; slug: string; name: string; counts: SeatCounts; threshold: number; webhookUrl: string | null; lastRejection: Date | null; active: Set<AlertKey> }

export async function scanSeatAlerts(db: Executor, now: Date): Promise<ScanResult> {
  const result: ScanResult = { raised: [], cleared: [], deliveries: 0 };
  for (const org of await snapshot(db, now)) {
    const holding = holdingAlerts(org.counts, org.threshold, org.lastRejection, now);
    const toRaise = [...holding].filter((a) => !org.active.has(a));
    const toClear = [...org.active].filter((a) => !holding.has(a));
    if (!toRaise.length && !toClear.length) continue;
    await inTransaction(db, async (tx) => {
      for (const alert of toClear) {
        await tx.updateTable('seat_alert_state').set({ active: false, cleared_at: now })
          .where('org_id', '=', org.id).where('alert', '=', alert).where('active', '=', true).execute();
        result.cleared.push(alert);
      }
      const notify: AlertKey[] = [];
      for (const alert of toRaise) {
        const won = await raise(tx, org.id, alert, now);
        if (won !== null) result.raised.push(alert);
        if (won) notify.push(alert);
      }
      if (notify.length) result.deliveries += await enqueue(tx, org, notify, now);
    });
  }
  return result;
}

/** null: another process had already raised it; true: raised and due a notification; false: raised within the cooldown. */
async function raise(tx: Executor, orgId: string, alert: AlertKey, now: Date): Promise<boolean | null> {
  const cooldownEdge = new Date(now.getTime() - NOTIFY_COOLDOWN_MS);
  const { rows } = await sql<{ notified_at: Date }>`
    insert into seat_alert_state as s (org_id, alert, active, raised_at, notified_at)
    values (${orgId}, ${alert}, true, ${now}, ${now})
    on conflict (org_id, alert) do update set active = true, raised_at = excluded.raised_at,
      notified_at = case when s.notified_at is null or s.notified_at <= ${cooldownEdge} then excluded.notified_at else s.notified_at end
    where s.active = false
    returning s.notified_at`.execute(tx);
  if (!rows[0]) return null;
  return new Date(rows[0].notified_at).getTime() === now.getTime();
}

async function enqueue(tx: Executor, org: OrgSnapshot, alerts: AlertKey[], now: Date): Promise<number> {
  const raised: RaisedAlerts = { org: { id: org.id, slug: org.slug, name: org.name }, alerts, counts: org.counts, thresholdPercent: org.threshold, at: now };
  const owners = await tx.selectFrom('members').select('email').where('org_id', '=', org.id)
    .where('role', 'in', ['primary_owner', 'owner']).where('status', '=', 'active').execute();
  const mail = alertMail(raised);
  const rows = [
    ...owners.map((o) => ({ channel: 'email' as const, target: o.email, subject: mail.subject, body: mail.text })),
    ...(org.webhookUrl ? [{ channel: 'webhook' as const, target: org.webhookUrl, subject: null, body: alertWebhookBody(raised) }] : []),
  ];
  if (!rows.length) return 0;
  await tx.insertInto('alert_deliveries').values(rows.map((r) => ({ ...r, org_id: org.id, next_attempt_at: now, created_at: now, last_error: null, delivered_at: null }))).execute();
  return rows.length;
}

async function snapshot(db: Executor, now: Date): Promise<OrgSnapshot[]> {
  const pools = await db.selectFrom('seat_pools')
    .innerJoin('organizations', 'organizations.id', 'seat_pools.org_id')
    .leftJoin('alert_settings', 'alert_settings.org_id', 'seat_pools.org_id')
    .select(['seat_pools.org_id', 'seat_pools.tier', 'seat_pools.purchased', 'seat_pools.claimed', 'organizations.slug', 'organizations.name',
      'alert_settings.threshold_percent', 'alert_settings.webhook_url'])
    .execute();
  const rejections = await db.selectFrom('provisioning_events').select(['org_id', (eb) => eb.fn.max('occurred_at').as('last')])
    .where('event', '=', 'seat.rejected').where('occurred_at', '>', new Date(now.getTime() - REJECTION_WINDOW_MS)).groupBy('org_id').execute();
  const active = await db.selectFrom('seat_alert_state').select(['org_id', 'alert']).where('active', '=', true).execute();
  const orgs = new Map<string, OrgSnapshot>();
  for (const p of pools) {
    const org = orgs.get(p.org_id) ?? {
      id: p.org_id, slug: p.slug, name: p.name, threshold: p.threshold_percent ?? DEFAULT_THRESHOLD_PERCENT, webhookUrl: p.webhook_url ?? null,
      counts: Object.fromEntries(tiersByPriority().map((t) => [t, { purchased: 0, claimed: 0 }])) as SeatCounts,
      lastRejection: null, active: new Set<AlertKey>(),
    };
    if (org.counts[p.tier as Tier]) org.counts[p.tier as Tier] = { purchased: p.purchased, claimed: p.claimed };
    orgs.set(p.org_id, org);
  }
  for (const r of rejections) { const o = orgs.get(r.org_id); if (o && r.last) o.lastRejection = new Date(r.last as Date); }
  for (const a of active) orgs.get(a.org_id)?.active.add(a.alert);
  return [...orgs.values()];
}
