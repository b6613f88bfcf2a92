// The background work of the application integrations, run in every server process: the webhook
// outbox, the back-channel logout outbox and housekeeping (the OpenID Provider's expired codes,
// tokens and sessions; finished deliveries after 30 days). Each pass claims its rows with FOR UPDATE SKIP LOCKED, so any number of
// processes share the work and no row is sent by two at once. OUTBOX_INTERVAL_MS=0 turns it off.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Config } from '../config.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logger.js';
import type { SessionSettings } from '../sessions/settings.js';
import type { OpDeps } from '../op/deps.js';
import { providerHolder } from '../op/current-provider.js';
import { deliverDueLogouts } from '../op/logout-outbox.js';
import { pruneOpPayloads } from '../op/adapter.js';
import { sendDueWebhooks } from '../webhooks/webhook-sender.js';
import { pruneWebhookDeliveries } from '../domain/webhooks/deliveries.js';

export function opDepsFor(db: Kysely<Database>, config: Readonly<Config>, clock: Clock, logger: Logger, session: SessionSettings): OpDeps {
  return {
    db, clock, logger, session, publicUrl: config.publicUrl, returnOrigins: config.returnOrigins, trustProxy: config.trustProxy,
    keyRefreshMs: config.oidcKeyRefreshMs, allowPrivateTargets: config.webhookAllowPrivate,
  };
}

export interface OutboxWorkers { runOnce(): Promise<void>; stop(): Promise<void> }

const PRUNE_EVERY_MS = 10 * 60_000;

export function startOutboxWorkers(op: OpDeps, config: Readonly<Config>): OutboxWorkers {
  const holder = providerHolder(op);
  const webhooks = { db: op.db, clock: op.clock, allowPrivate: config.webhookAllowPrivate, timeoutMs: config.webhookTimeoutMs };
  let prunedAt = 0;
  const runOnce = async () => {
    const [sent, logouts] = await Promise.all([sendDueWebhooks(webhooks), deliverDueLogouts(op, holder)]);
    if (sent.delivered + sent.retrying + sent.failed + logouts.delivered + logouts.retrying + logouts.failed > 0) {
      op.logger.debug({ webhooks: sent, backchannelLogouts: logouts }, 'outbox pass');
    }
    if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
      prunedAt = Date.now();
      await pruneOpPayloads(op.db, op.clock.now());
      await pruneWebhookDeliveries(op.db, op.clock.now());
    }
  };
  if (config.outboxIntervalMs === 0) return { runOnce, stop: async () => {} };
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    running ??= runOnce().catch((err) => op.logger.warn({ err }, 'outbox pass failed; retrying next interval')).finally(() => { running = null; });
  };
  const timer = setInterval(tick, config.outboxIntervalMs);
  timer.unref();
  return { runOnce, stop: async () => { stopped = true; clearInterval(timer); await running; } };
}
