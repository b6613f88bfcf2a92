// Runs the seat-alert scan and then the delivery outbox every ALERT_INTERVAL_SECONDS in each
// server process. The database decides who notifies (see src/domain/alerts/scan.ts), so running it
// in several processes sends each alert once.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logger.js';
import type { AlertTransport } from '../domain/alerts/deliveries.js';
import { scanSeatAlerts } from '../domain/alerts/scan.js';
import { deliverDueAlerts, pruneDeliveries } from '../domain/alerts/deliveries.js';

export interface AlertJobDeps { db: Kysely<Database>; clock: Clock; transport: AlertTransport; logger: Logger; intervalSeconds: number }

/** One pass: scan, then send what is due. Exported for tests and the CLI. */
export async function runAlertsOnce(deps: Omit<AlertJobDeps, 'intervalSeconds' | 'logger'>) {
  const scan = await scanSeatAlerts(deps.db, deps.clock.now());
  const delivery = await deliverDueAlerts(deps.db, deps.clock.now(), deps.transport);
  const pruned = await pruneDeliveries(deps.db, deps.clock.now());
  return { scan, delivery, pruned };
}

export function startAlertJob(deps: AlertJobDeps): { stop(): Promise<void> } {
  if (deps.intervalSeconds === 0) return { stop: async () => {} };
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= runAlertsOnce(deps)
      .then((r) => { if (r.scan.raised.length || r.delivery.delivered || r.delivery.failed) deps.logger.info(r, 'seat alerts'); })
      .catch((err) => deps.logger.warn({ err }, 'seat-alert pass failed; retrying next interval'))
      .finally(() => { running = null; });
  };
  const timer = setInterval(tick, deps.intervalSeconds * 1000);
  timer.unref();
  return { stop: async () => { clearInterval(timer); await running; } };
}
