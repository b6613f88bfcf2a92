// Per-org alert settings: the usage threshold (default 90 %) and an optional webhook. The webhook
// secret signs calls, so Seatgate must keep it readable (unlike secrets it only verifies); it is
// shown in full once, when set or rotated, and only its prefix afterwards.
import { inTransaction, type Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import { recordEvent } from '../log/provisioning-log.js';
import { issueSecret } from '../access/secrets.js';
import { DEFAULT_THRESHOLD_PERCENT } from './conditions.js';

export interface AlertSettings { thresholdPercent: number; webhookUrl: string | null; webhookSecretPrefix: string | null }

export interface AlertSettingsChange { thresholdPercent?: number; webhookUrl?: string | null; rotateWebhookSecret?: boolean }

export async function getAlertSettings(db: Executor, orgId: string): Promise<AlertSettings> {
  const row = await db.selectFrom('alert_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  return {
    thresholdPercent: row?.threshold_percent ?? DEFAULT_THRESHOLD_PERCENT,
    webhookUrl: row?.webhook_url ?? null,
    webhookSecretPrefix: row?.webhook_secret ? row.webhook_secret.slice(0, 12) : null,
  };
}

/** Applies the change; returns the new webhook secret when one was issued (first URL, or rotation). */
export async function updateAlertSettings(db: Executor, orgId: string, change: AlertSettingsChange, ctx: ActionContext): Promise<AlertSettings & { webhookSecret?: string }> {
  return inTransaction(db, async (tx) => {
    const row = await tx.selectFrom('alert_settings').selectAll().where('org_id', '=', orgId).forUpdate().executeTakeFirst();
    const url = change.webhookUrl === undefined ? row?.webhook_url ?? null : change.webhookUrl;
    const issue = url !== null && (!row?.webhook_secret || change.rotateWebhookSecret === true);
    const secret = url === null ? null : issue ? issueSecret('sgwh').secret : row!.webhook_secret;
    const values = {
      org_id: orgId, threshold_percent: change.thresholdPercent ?? row?.threshold_percent ?? DEFAULT_THRESHOLD_PERCENT,
      webhook_url: url, webhook_secret: secret, updated_at: ctx.clock.now(),
    };
    await tx.insertInto('alert_settings').values(values).onConflict((oc) => oc.column('org_id').doUpdateSet(values)).execute();
    await recordEvent(tx, ctx, { orgId, event: 'alerts.configured', detail: { thresholdPercent: values.threshold_percent, webhookUrl: url, secretRotated: issue } });
    const settings = { thresholdPercent: values.threshold_percent, webhookUrl: url, webhookSecretPrefix: secret?.slice(0, 12) ?? null };
    return issue ? { ...settings, webhookSecret: secret! } : settings;
  });
}

export interface AlertStatus { alert: string; active: boolean; raisedAt: string | null; clearedAt: string | null; notifiedAt: string | null }

export async function alertStatus(db: Executor, orgId: string): Promise<AlertStatus[]> {
  const rows = await db.selectFrom('seat_alert_state').selectAll().where('org_id', '=', orgId).orderBy('alert').execute();
  return rows.map((r) => ({
    alert: r.alert, active: r.active, raisedAt: r.raised_at?.toISOString() ?? null,
    clearedAt: r.cleared_at?.toISOString() ?? null, notifiedAt: r.notified_at?.toISOString() ?? null,
  }));
}

export interface DeliveryInfo { id: string; channel: string; target: string; subject: string | null; status: string; attempts: number; nextAttemptAt: string; lastError: string | null; createdAt: string; deliveredAt: string | null }

export async function recentDeliveries(db: Executor, orgId: string, limit: number): Promise<DeliveryInfo[]> {
  const rows = await db.selectFrom('alert_deliveries').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, channel: r.channel, target: r.target, subject: r.subject, status: r.status, attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at.toISOString(), lastError: r.last_error, createdAt: r.created_at.toISOString(), deliveredAt: r.delivered_at?.toISOString() ?? null,
  }));
}
