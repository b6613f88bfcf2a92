// Starts the real HTTP app on a loopback port over a fresh test database, for tests that speak
// HTTP to Seatgate exactly as an IdP or a browser would.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/http/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { systemClock, type Clock } from '../../src/domain/clock.js';
import type { DatabaseKind } from '../../src/db/connection.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { openRateLimitStore } from '../../src/http/rate-limit-store.js';
import type { RateLimitPolicy } from '../../src/http/rate-limit-policy.js';
import { opDepsFor, startOutboxWorkers, type OutboxWorkers } from '../../src/http/outbox-workers.js';
import { sessionSettings } from '../../src/sessions/settings.js';

/**
 * Rate limits far above what any test sends, so tests of other behaviour never meet a 429 on a
 * fast machine; the limiter still runs on every request. Rate-limit tests pass their own values
 * in `env` or a `rateLimitPolicy`, or run Seatgate as a process with the defaults.
 */
const TEST_RATE_LIMITS: Record<string, string> = {
  RATE_LIMIT_SCIM_PER_SECOND: '10000', RATE_LIMIT_API_PER_SECOND: '10000', RATE_LIMIT_SESSION_PER_SECOND: '10000',
  RATE_LIMIT_LOGIN_PER_SECOND: '10000', RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '1000000',
  RATE_LIMIT_VERIFY_PER_SECOND: '10000', RATE_LIMIT_APP_PER_SECOND: '10000',
};

export interface TestServer {
  url: string;
  db: TestDatabase;
  config: Readonly<Config>;
  /** The webhook and back-channel logout outboxes, when started with `workers` (also runnable by hand). */
  outboxes: OutboxWorkers;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  clock?: Clock;
  env?: Record<string, string>;
  db?: TestDatabase;
  /** Overrides the limits from `env` (e.g. windows long enough to assert on without timing). */
  rateLimitPolicy?: RateLimitPolicy;
  /** Where the app logs (default: pino at TEST_LOG_LEVEL, silent). */
  logger?: Logger;
  /** Run the outboxes every OUTBOX_INTERVAL_MS, as a server process does (default: only by hand, via `outboxes.runOnce`). */
  workers?: boolean;
}

export async function startTestServer(kind: DatabaseKind, opts: TestServerOptions = {}): Promise<TestServer> {
  const db = opts.db ?? await createTestDatabase(kind);
  const base = loadConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATA_DIR: './data-test', ...TEST_RATE_LIMITS, ...opts.env });
  // Listen first, so the app is built knowing its own URL (SCIM locations, SSO endpoints).
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = Object.freeze({ ...base, port: (server.address() as AddressInfo).port, publicUrl: opts.env?.PUBLIC_URL ?? url });
  const logger = opts.logger ?? createLogger(config.logLevel);
  const rateLimitStore = openRateLimitStore(config.rateLimits, logger);
  await rateLimitStore.connected;
  server.on('request', createApp({
    db: db.db, dbKind: db.kind, config, logger, clock: opts.clock ?? systemClock, rateLimitStore,
    ...(opts.rateLimitPolicy ? { rateLimitPolicy: opts.rateLimitPolicy } : {}),
  }));
  const clock = opts.clock ?? systemClock;
  const outboxes = startOutboxWorkers(opDepsFor(db.db, config, clock, logger, sessionSettings(db.db, config, clock)),
    opts.workers ? config : { ...config, outboxIntervalMs: 0 });
  return {
    url, db, config, outboxes,
    stop: async () => {
      await outboxes.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await rateLimitStore.close();
      if (!opts.db) await db.close();
    },
  };
}
