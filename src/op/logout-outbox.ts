// Sends the back-channel logout tokens a lost seat queued (op_logout_deliveries, written in the
// allocator's transaction by src/domain/apps/app-access.ts), as OpenID Connect Back-Channel Logout
// 1.0 §2.5 says: a logout_token signed by oidc-provider with the current keys, POSTed to the app's
// registered URI. Due rows are claimed with FOR UPDATE SKIP LOCKED and leased before sending, so
// several processes never send one at the same time; a failure is retried with backoff up to
// MAX_ATTEMPTS. The URI is checked against the SSRF guard before every call.
import { sql } from 'kysely';
import { inTransaction } from '../domain/storage/transaction.js';
import { checkWebhookUrl } from '../alerts/webhook-target.js';
import type { ProviderHolder } from './current-provider.js';
import type { OpDeps } from './deps.js';

export const MAX_ATTEMPTS = 10;
const LEASE_MS = 60_000;

export function logoutBackoffMs(failedAttempts: number): number {
  return Math.min(5_000 * 4 ** (failedAttempts - 1), 3_600_000);
}

export interface LogoutResult { delivered: number; retrying: number; failed: number }

export async function deliverDueLogouts(deps: OpDeps, holder: ProviderHolder, limit = 20): Promise<LogoutResult> {
  const now = deps.clock.now();
  const due = await inTransaction(deps.db, async (tx) => {
    const rows = await tx.selectFrom('op_logout_deliveries as d').innerJoin('apps as a', 'a.id', 'd.app_id')
      .select(['d.id', 'd.member_id', 'd.sid', 'd.attempts', 'a.client_id', 'a.backchannel_logout_uri', 'a.removed_at'])
      .where('d.status', '=', 'pending').where('d.next_attempt_at', '<=', now)
      .orderBy('d.next_attempt_at').limit(limit).forUpdate('d').skipLocked().execute();
    if (rows.length) {
      await tx.updateTable('op_logout_deliveries').set({ next_attempt_at: new Date(now.getTime() + LEASE_MS), attempts: sql`attempts + 1` })
        .where('id', 'in', rows.map((r) => r.id)).execute();
    }
    return rows;
  });
  const result: LogoutResult = { delivered: 0, retrying: 0, failed: 0 };
  if (!due.length) return result;
  const provider = await holder.get();
  for (const d of due) {
    const attempts = d.attempts + 1;
    try {
      if (d.removed_at || !d.backchannel_logout_uri) throw new Error('the application was removed or has no back-channel logout URI');
      await checkWebhookUrl(d.backchannel_logout_uri, deps.allowPrivateTargets);
      const client = await provider.Client.find(d.client_id);
      if (!client) throw new Error('the application is no longer registered');
      await client.backchannelLogout(d.member_id, d.sid ?? undefined);
      await deps.db.updateTable('op_logout_deliveries').set({ status: 'delivered', delivered_at: deps.clock.now(), last_error: null }).where('id', '=', d.id).execute();
      result.delivered++;
    } catch (err) {
      const giveUp = attempts >= MAX_ATTEMPTS;
      await deps.db.updateTable('op_logout_deliveries').set({
        status: giveUp ? 'failed' : 'pending', last_error: String(err instanceof Error ? err.message : err).slice(0, 500),
        next_attempt_at: new Date(deps.clock.now().getTime() + logoutBackoffMs(attempts)),
      }).where('id', '=', d.id).execute();
      if (giveUp) result.failed++; else result.retrying++;
    }
  }
  return result;
}
