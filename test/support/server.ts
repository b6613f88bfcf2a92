// Starts the real HTTP app on a loopback port over a fresh test database, for tests that speak
// HTTP to Seatgate exactly as an IdP or a browser would.
import { createServer } from 'node:http';
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
  // Listen first, so the app is built knowing its own URL (SCIM locations, SSO endpoints).
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = Object.freeze({ ...base, port: (server.address() as AddressInfo).port, publicUrl: opts.env?.PUBLIC_URL ?? url });
  server.on('request', createApp({ db: db.db, dbKind: db.kind, config, logger: createLogger(config.logLevel), clock: opts.clock ?? systemClock }));
  return {
    url, db, config,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (!opts.db) await db.close();
    },
  };
}
