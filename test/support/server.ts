// Starts the real HTTP app on a loopback port over a fresh test database, for tests that speak
// HTTP to Seatgate exactly as an IdP or a browser would.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/http/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { systemClock, type Clock } from '../../src/domain/clock.js';
import type { DatabaseKind } from '../../src/db/connection.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export interface TestServer {
  url: string;
  db: TestDatabase;
  config: Readonly<Config>;
  stop(): Promise<void>;
}

export async function startTestServer(kind: DatabaseKind, opts: { clock?: Clock; env?: Record<string, string>; db?: TestDatabase } = {}): Promise<TestServer> {
  const db = opts.db ?? await createTestDatabase(kind);
  const base = loadConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATA_DIR: './data-test', ...opts.env });
  const server: Server = await new Promise((resolve) => {
    const app = createApp({ db: db.db, dbKind: db.kind, config: base, logger: createLogger(base.logLevel), clock: opts.clock ?? systemClock });
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = Object.freeze({ ...base, publicUrl: opts.env?.PUBLIC_URL ?? url });
  return {
    url, db, config,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (!opts.db) await db.close();
    },
  };
}
