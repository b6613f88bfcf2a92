// Opens the one database Seatgate uses: a PostgreSQL server when DATABASE_URL is set, otherwise
// PGlite (real PostgreSQL compiled to WASM) under DATA_DIR. Both are driven through Kysely's
// PostgresDialect, so there is one schema, one migration set and one SQL code path.
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from './schema.js';
import { PGlitePool } from './pglite-pool.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { openServerPool, type PoolStats } from './server-pool.js';
import type { OutageEvents } from './outage-watch.js';
import { removeStaleSocket } from './data-dir-socket.js';
import { shareOverSocket, type ShareOptions, type SharedSocket } from './pglite-socket-server.js';
import { listenOnPGlite, listenOnServer, type NotificationHandlers, type Subscription } from './notifications.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data lives, for logs: a redacted URL or a directory ("memory" for tests). */
  location: string;
  /**
   * Embedded database in a DATA_DIR only: serve it to the CLI over a socket in DATA_DIR
   * (pglite-socket-server.ts) until `close()`. Returns the socket's path.
   */
  shareSocket?(options?: ShareOptions): Promise<string>;
  /** LISTEN on `channel` (notifications.ts); close the subscription before the handle. */
  listen?(channel: string, handlers: NotificationHandlers): Promise<Subscription>;
  /** Connections of the pool: open, idle, and queries waiting for one (metrics). */
  poolStats?(): PoolStats;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; `null` keeps the embedded database in memory (tests). */
  dataDir?: string | null;
  poolMax?: number;
  /** How long a query may wait for a free pooled connection before failing (default 5000 ms). */
  connectionTimeoutMs?: number;
  /** Told when the server stops answering and when it answers again (PostgreSQL only). */
  events?: OutageEvents;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  return openPGlite(options.dataDir ?? null, options.events?.queryFailed);
}

function openPostgres(url: string, options: DatabaseOptions): DatabaseHandle {
  const pool = openServerPool({
    url, max: options.poolMax ?? 10, connectionTimeoutMs: options.connectionTimeoutMs ?? 5000, events: options.events,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db, kind: 'postgres', location: redactUrl(url), close: () => db.destroy(), poolStats: () => pool.stats(),
    listen: (channel, handlers) => listenOnServer(url, channel, handlers),
  };
}

async function openPGlite(dataDir: string | null, onQueryError?: (kind: string) => void): Promise<DatabaseHandle> {
  let releaseLock = () => {};
  if (dataDir) {
    const dir = path.resolve(dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    releaseLock = acquireDataDirLock(path.resolve(dataDir));
    removeStaleSocket(dataDir);
  }
  try {
    const pglite = dataDir ? new PGlite(path.resolve(dataDir, 'pglite')) : new PGlite();
    await pglite.waitReady;
    const pool = new PGlitePool(pglite, onQueryError);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    let shared: SharedSocket | null = null;
    return {
      db,
      kind: 'pglite',
      location: dataDir ? path.resolve(dataDir, 'pglite') : 'memory',
      listen: (channel, handlers) => listenOnPGlite(pglite, channel, handlers),
      poolStats: () => pool.stats(),
      ...(dataDir ? { shareSocket: async (options?: ShareOptions) => (shared ??= await shareOverSocket(pglite, pool, dataDir, options)).path } : {}),
      close: async () => { await shared?.close(); await db.destroy(); releaseLock(); },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
