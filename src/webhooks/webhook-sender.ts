// How webhook deliveries leave the process: claimed from the outbox (src/domain/webhooks/
// deliveries.ts), signed in the Standard Webhooks format, POSTed as JSON with a timeout, no
// redirects followed, and the target re-checked against the SSRF guard on every call (DNS
// answers change). A 2xx is delivered; anything else, a timeout or a refused address is a failed
// attempt with its reason in the delivery history.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import { claimDueDeliveries, recordDelivered, recordFailed, type DueDelivery } from '../domain/webhooks/deliveries.js';
import { signatureHeaders } from '../domain/webhooks/signature.js';
import { checkWebhookUrl } from '../alerts/webhook-target.js';

export interface WebhookSenderDeps { db: Kysely<Database>; clock: Clock; allowPrivate: boolean; timeoutMs: number }

export interface SendResult { delivered: number; retrying: number; failed: number }

/** One pass: claims what is due and sends it, up to `limit` at once. */
export async function sendDueWebhooks(deps: WebhookSenderDeps, limit = 50): Promise<SendResult> {
  // The lease outlives the longest send, so no other process takes a delivery still in flight.
  const due = await claimDueDeliveries(deps.db, deps.clock.now(), deps.timeoutMs + 10_000, limit);
  const outcomes = await Promise.all(due.map((d) => sendOne(deps, d)));
  return {
    delivered: outcomes.filter((o) => o === 'delivered').length,
    retrying: outcomes.filter((o) => o === 'retrying').length,
    failed: outcomes.filter((o) => o === 'failed').length,
  };
}

async function sendOne(deps: WebhookSenderDeps, d: DueDelivery): Promise<'delivered' | 'retrying' | 'failed'> {
  const started = Date.now();
  let statusCode: number | null = null;
  try {
    const url = await checkWebhookUrl(d.url, deps.allowPrivate);
    const res = await fetch(url, {
      method: 'POST', body: d.body, redirect: 'manual', signal: AbortSignal.timeout(deps.timeoutMs),
      headers: { 'content-type': 'application/json', 'user-agent': 'Seatgate-Webhooks/1', ...signatureHeaders(d.secret, d.eventId, deps.clock.now(), d.body) },
    });
    statusCode = res.status;
    await res.body?.cancel();
    if (res.status >= 200 && res.status < 300) {
      await recordDelivered(deps.db, d, { statusCode, error: null, durationMs: Date.now() - started }, deps.clock.now());
      return 'delivered';
    }
    return await recordFailed(deps.db, d, { statusCode, error: null, durationMs: Date.now() - started }, deps.clock.now());
  } catch (err) {
    const error = err instanceof Error ? (err.name === 'TimeoutError' ? `no answer within ${deps.timeoutMs} ms` : err.message) : String(err);
    return recordFailed(deps.db, d, { statusCode, error, durationMs: Date.now() - started }, deps.clock.now());
  }
}
