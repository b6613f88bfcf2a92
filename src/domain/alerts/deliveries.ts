// Sends what the scan queued: mails to Owners and signed webhook calls. Due rows are claimed with
// FOR UPDATE SKIP LOCKED and leased (next_attempt_at moved ahead) before sending, so several
// processes never send one row twice at once; a failure is retried with exponential backoff
// (30 s, 1 min, 2 min … capped at 1 h) up to MAX_ATTEMPTS, then marked failed.
import { sql } from 'kysely';
import { inTransaction, type Executor } from '../storage/transaction.js';
import type { MailMessage } from '../mail/mailer.js';
import { signWebhook, SIGNATURE_HEADER } from './webhook-signature.js';

export interface AlertTransport {
  sendMail(message: MailMessage): Promise<unknown>;
  /** POSTs `body` as JSON with the given headers; throws unless the receiver answers 2xx. */
  postWebhook(url: string, body: string, headers: Record<string, string>): Promise<void>;
}

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 5 * 60_000;

export function backoffMs(failedAttempts: number): number {
  return Math.min(30_000 * 2 ** (failedAttempts - 1), 60 * 60_000);
}

export interface DeliveryResult { delivered: number; retrying: number; failed: number }

export async function deliverDueAlerts(db: Executor, now: Date, transport: AlertTransport, limit = 50): Promise<DeliveryResult> {
  const due = await inTransaction(db, async (tx) => {
    const rows = await tx.selectFrom('alert_deliveries').selectAll().where('status', '=', 'pending').where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at').limit(limit).forUpdate().skipLocked().execute();
    if (rows.length) {
      await tx.updateTable('alert_deliveries').set({ next_attempt_at: new Date(now.getTime() + LEASE_MS), attempts: sql`attempts + 1` })
        .where('id', 'in', rows.map((r) => r.id)).execute();
    }
    return rows;
  });
  const result: DeliveryResult = { delivered: 0, retrying: 0, failed: 0 };
  for (const d of due) {
    const attempts = d.attempts + 1;
    try {
      if (d.channel === 'email') {
        await transport.sendMail({ to: d.target, subject: d.subject ?? 'Seat usage alert', text: d.body });
      } else {
        const settings = await db.selectFrom('alert_settings').select(['webhook_secret']).where('org_id', '=', d.org_id).executeTakeFirst();
        if (!settings?.webhook_secret) throw new Error('the webhook was removed from the alert settings');
        await transport.postWebhook(d.target, d.body, { [SIGNATURE_HEADER]: signWebhook(settings.webhook_secret, d.body, now) });
      }
      await db.updateTable('alert_deliveries').set({ status: 'delivered', delivered_at: now, last_error: null }).where('id', '=', d.id).execute();
      result.delivered++;
    } catch (err) {
      const giveUp = attempts >= MAX_ATTEMPTS;
      await db.updateTable('alert_deliveries').set({
        status: giveUp ? 'failed' : 'pending', last_error: String(err instanceof Error ? err.message : err).slice(0, 500),
        next_attempt_at: new Date(now.getTime() + backoffMs(attempts)),
      }).where('id', '=', d.id).execute();
      if (giveUp) result.failed++; else result.retrying++;
    }
  }
  return result;
}

/** Finished deliveries are kept 90 days for the delivery history, then deleted. */
export const DELIVERY_RETENTION_MS = 90 * 24 * 60 * 60_000;

export async function pruneDeliveries(db: Executor, now: Date): Promise<number> {
  const r = await db.deleteFrom('alert_deliveries').where('status', '<>', 'pending')
    .where('created_at', '<', new Date(now.getTime() - DELIVERY_RETENTION_MS)).executeTakeFirst();
  return Number(r.numDeletedRows);
}
