// Storage tests run against every database variant Seatgate supports: embedded PGlite always,
// and a PostgreSQL server when DATABASE_URL (or TEST_DATABASE_URL) is set, as .ci/run does.
// Each test file gets its own fresh, migrated database; on the server that is a new database
// created for the file and dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export const SERVER_URL = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || '';

export const DATABASE_KINDS: DatabaseKind[] = SERVER_URL ? ['pglite', 'postgres'] : ['pglite'];

/** `describe` once per database variant. */
export function describeEachDatabase(name: string, fn: (kind: DatabaseKind) => void): void {
  describe.each(DATABASE_KINDS)(`${name} [%s]`, (kind) => fn(kind));
}

/**
 * `describe` for what only a PostgreSQL server can show (several pools or processes at once).
 * Without DATABASE_URL it is skipped, under a name that says why; in CI (CI=true) a missing server
 * is a failure, since .ci/run always provides one.
 */
export function describeWithServer(name: string, fn: () => void): void {
  if (SERVER_URL) { describe(name, fn); return; }
  if (process.env.CI === 'true') {
    describe(name, () => { test('needs a PostgreSQL server', () => { throw new Error('CI=true but DATABASE_URL is not set: .ci/run provides one'); }); });
    return;
  }
  describe.skip(`${name} — SKIPPED: needs a PostgreSQL server (set DATABASE_URL, as .ci/run does)`, fn);
}

export interface TestDatabase extends DatabaseHandle {
  /** Opens another, separate connection pool on the same database (postgres only). */
  openAnotherPool(poolMax?: number, connectionTimeoutMs?: number): Promise<DatabaseHandle>;
  url: string | null;
}

export async function createTestDatabase(kind: DatabaseKind, poolMax = 10): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const handle = await openDatabase({ dataDir: null });
    await migrateToLatest(handle.db);
    return { ...handle, url: null, openAnotherPool: () => { throw new Error('PGlite is a single connection'); } };
  }
  const admin = new URL(SERVER_URL);
  const name = `${admin.pathname.slice(1) || 'seatgate'}_t_${randomBytes(5).toString('hex')}`.slice(0, 63);
  await withAdminClient((c) => c.query(`create database "${name}"`));
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolMax });
  await migrateToLatest(handle.db);
  const extra: DatabaseHandle[] = [];
  return {
    ...handle,
    url: url.toString(),
    openAnotherPool: async (max = 10, connectionTimeoutMs?: number) => {
      const other = await openDatabase({ databaseUrl: url.toString(), poolMax: max, ...(connectionTimeoutMs ? { connectionTimeoutMs } : {}) });
      extra.push(other);
      return other;
    },
    close: async () => {
      await Promise.all(extra.map((h) => h.close()));
      await handle.close();
      await withAdminClient((c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** A new, empty (unmigrated) database on the server, for tests of migration itself. */
export async function createEmptyServerDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${new URL(SERVER_URL).pathname.slice(1) || 'seatgate'}_e_${randomBytes(5).toString('hex')}`.slice(0, 63);
  await withAdminClient((c) => c.query(`create database "${name}"`));
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => withAdminClient(async (c) => { await c.query(`drop database if exists "${name}" with (force)`); }) };
}

async function withAdminClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try { return await fn(client); } finally { await client.end(); }
}
