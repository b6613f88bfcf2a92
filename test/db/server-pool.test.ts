// The driver boundary against a real server: a connection the server ends while it is checked
// out (what `pg_ctl stop` does to every backend) fails its query as STORAGE_UNAVAILABLE instead
// of ending the process with an unheard 'error' event; the pool then reconnects by itself. Only
// our own backend in this file's own database is terminated; the shared server keeps running.
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { StorageUnavailable } from '../../src/db/errors.js';
import { createTestDatabase, describeWithServer, type TestDatabase } from '../support/databases.js';

const backendPid = async (h: { db: DatabaseHandle['db'] }) => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(h.db)).rows[0]!.pid;

describeWithServer('server pool: connections the server ends [postgres]', () => {
  let t: TestDatabase;
  let killer: DatabaseHandle;
  const events: string[] = [];
  let watched: DatabaseHandle;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    killer = await t.openAnotherPool(1);
    watched = await openDatabase({
      databaseUrl: t.url!, poolMax: 2,
      events: { unavailable: (err) => events.push(`down: ${(err as { code?: string }).code ?? (err as Error).message}`), recovered: (o) => events.push(`up after ${o.failures} failures`) },
    });
  });
  afterAll(async () => { await watched?.close(); await t?.close(); });

  const terminate = (pid: number) => sql`select pg_terminate_backend(${pid})`.execute(killer.db);

  test('a backend terminated mid-query fails that query as STORAGE_UNAVAILABLE; the process lives and the next query works', async () => {
    const err = await watched.db.connection().execute(async (conn) => {
      const pid = await backendPid({ db: conn });
      const sleeping = sql`select pg_sleep(30)`.execute(conn).then(() => null, (e: unknown) => e);
      await new Promise((r) => setTimeout(r, 200));
      await terminate(pid);
      return sleeping;
    });
    expect(err).toBeInstanceOf(StorageUnavailable);
    expect((err as StorageUnavailable).code).toBe('STORAGE_UNAVAILABLE');
    expect(((err as StorageUnavailable).cause as { code?: string }).code).toBe('57P01');
    expect((await sql<{ one: number }>`select 1 as one`.execute(watched.db)).rows).toEqual([{ one: 1 }]);
    expect(events).toEqual(['down: 57P01', expect.stringMatching(/^up after \d+ failures$/)]);
  });

  test('a backend terminated between queries of a checked-out connection: the next query there is STORAGE_UNAVAILABLE', async () => {
    const err = await watched.db.connection().execute(async (conn) => {
      await terminate(await backendPid({ db: conn }));
      // The server's goodbye (57P01) and the closed socket arrive as 'error' events on this client.
      await new Promise((r) => setTimeout(r, 300));
      return sql`select 1`.execute(conn).then(() => null, (e: unknown) => e);
    });
    expect(err).toBeInstanceOf(StorageUnavailable);
    expect((await sql<{ one: number }>`select 1 as one`.execute(watched.db)).rows).toEqual([{ one: 1 }]);
  });

  test('a transaction whose backend is terminated rolls back and reports STORAGE_UNAVAILABLE; nothing of it is kept', async () => {
    await sql`create table if not exists outage_probe (v text)`.execute(t.db);
    const err = await watched.db.transaction().execute(async (tx) => {
      await sql`insert into outage_probe values ('lost')`.execute(tx);
      await terminate(await backendPid({ db: tx }));
      await new Promise((r) => setTimeout(r, 300));
      await sql`insert into outage_probe values ('never')`.execute(tx);
    }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(StorageUnavailable);
    expect((await sql<{ n: number }>`select count(*)::int as n from outage_probe`.execute(t.db)).rows[0]!.n).toBe(0);
  });

  test('an idle pooled connection the server ends is dropped quietly and replaced', async () => {
    const pid = await backendPid(watched);
    await terminate(pid);
    await new Promise((r) => setTimeout(r, 300));
    const pids = await Promise.all([backendPid(watched), backendPid(watched)]);
    expect(pids).not.toContain(pid);
  });

  test('no free connection within the pool timeout is STORAGE_UNAVAILABLE', async () => {
    const small = await openDatabase({ databaseUrl: t.url!, poolMax: 1, connectionTimeoutMs: 200 });
    try {
      const err = await small.db.connection().execute(() => sql`select 1`.execute(small.db).then(() => null, (e: unknown) => e));
      expect(err).toBeInstanceOf(StorageUnavailable);
      expect(((err as StorageUnavailable).cause as Error).message).toMatch(/timeout exceeded when trying to connect/);
    } finally {
      await small.close();
    }
  });
});

describe('server pool: nothing listening [postgres]', () => {
  test('a plain query outside any transaction is STORAGE_UNAVAILABLE, not a raw ECONNREFUSED', async () => {
    const down = await openDatabase({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/nothing', poolMax: 1 });
    try {
      const err = await down.db.selectFrom('members').select('id').execute().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(StorageUnavailable);
      expect(((err as StorageUnavailable).cause as { code?: string }).code).toBe('ECONNREFUSED');
    } finally {
      await down.close();
    }
  });

  test('start-up migration names the driver\'s reason, so the operator sees where it could not connect', async () => {
    const down = await openDatabase({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/nothing', poolMax: 1 });
    try {
      await expect(migrateToLatest(down.db)).rejects.toMatchObject({ code: 'MIGRATION_FAILED', message: expect.stringContaining('ECONNREFUSED 127.0.0.1:1') });
    } finally {
      await down.close();
    }
  });
});
