// Runs the billing renewal job inside the server process: once shortly after start, then every
// interval. Every server process may run it; the job itself is idempotent and takes per-org locks
// (src/domain/billing/renewal.ts), so several processes never renew or invoice twice. Runs never
// overlap within a process, a failed run is logged and retried at the next tick, and stop() waits
// for a run in progress so the database is not closed under it. Each run also does the
// housekeeping of expired rows: idempotency keys past their 24 hours, sessions ended a day ago,
// seat requests queued longer than SEAT_REQUEST_MAX_AGE_DAYS.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logger.js';
import { runRenewals } from '../domain/billing/renewal.js';
import { purgeIdempotencyKeys } from '../domain/billing/idempotency.js';
import { pruneSessions } from '../domain/sessions/sessions.js';
import { expireSeatRequests } from '../domain/seat-requests/queue.js';

export interface RenewalSchedule { stop(): Promise<void> }

export function startRenewalSchedule(opts: { db: Kysely<Database>; clock: Clock; logger: Logger; intervalMs: number; firstRunMs?: number; seatRequestMaxAgeDays?: number }): RenewalSchedule {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      try {
        const ctx = { method: 'admin' as const, actor: { type: 'system' as const, label: 'renewal job' }, clock: opts.clock };
        const outcomes = await runRenewals(opts.db, ctx);
        const purged = await purgeIdempotencyKeys(opts.db, opts.clock.now());
        const sessions = await pruneSessions(opts.db, opts.clock.now());
        const seatRequests = await expireSeatRequests(opts.db, opts.seatRequestMaxAgeDays ?? 30, ctx);
        if (outcomes.length || purged || sessions || seatRequests) {
          opts.logger.info({ outcomes, purgedIdempotencyKeys: purged, prunedSessions: sessions, expiredSeatRequests: seatRequests }, 'billing renewal job ran');
        }
      } catch (err) {
        opts.logger.error({ err }, 'billing renewal job failed; retrying at the next interval');
      } finally {
        running = null;
      }
    })();
  };
  const first = setTimeout(tick, opts.firstRunMs ?? 5_000);
  const timer = setInterval(tick, opts.intervalMs);
  first.unref();
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
