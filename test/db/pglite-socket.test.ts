// The database socket a server shares with the CLI (src/db/pglite-socket-server.ts), driven by a
// real node-postgres client while the server side runs its own transactions through Kysely on the
// same PGlite. PGlite is one session: a client statement that slipped into a server transaction
// (or the other way round) would be committed or rolled back with it, and a count read twice
// inside a transaction would change. These tests check that neither happens.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { socketPath } from '../../src/db/data-dir-socket.js';

describe('the embedded database shared over a socket [pglite]', () => {
  let dataDir: string;
  let handle: DatabaseHandle;
  let db: Kysely<any>;
  let file: string;

  function client(): pg.Client {
    const c = new pg.Client({ host: path.dirname(file), user: 'postgres', database: 'postgres' });
    c.on('error', () => {});
    return c;
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-sock-'));
    // A socket left behind by a process that died is replaced.
    fs.mkdirSync(path.join(dataDir, 'run'), { recursive: true });
    fs.writeFileSync(socketPath(dataDir), 'stale');
    handle = await openDatabase({ dataDir });
    db = handle.db;
    file = await handle.shareSocket!({ idleInTransactionMs: 1500 });
    await sql`create table ledger (id serial primary key, side text not null, kind text not null)`.execute(db);
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('the socket lives in DATA_DIR/run, only for its owner (0600 in a 0700 directory)', () => {
    expect(file).toBe(path.join(dataDir, 'run', '.s.PGSQL.5432'));
    expect(fs.statSync(file).isSocket()).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  test('client and server transactions never mix: rolled-back work vanishes whole, committed work stays whole, reads inside a transaction are stable', async () => {
    const rounds = 25;
    const drift: string[] = [];
    const stableCount = async (q: (text: string) => Promise<number>, label: string) => {
      const before = await q('select count(*)::int as n from ledger');
      await sleep(Math.random() * 4);
      const after = await q('select count(*)::int as n from ledger');
      if (before !== after) drift.push(`${label}: ${before} -> ${after}`);
    };
    const server = async (i: number) => {
      const commit = i % 2 === 0;
      await db.transaction().execute(async (tx) => {
        await sql`insert into ledger (side, kind) values ('server', ${commit ? 'committed' : 'rolled-back'})`.execute(tx);
        await stableCount(async (text) => (await sql<{ n: number }>`${sql.raw(text)}`.execute(tx)).rows[0]!.n, `server tx ${i}`);
        await sql`insert into ledger (side, kind) values ('server', ${commit ? 'committed' : 'rolled-back'})`.execute(tx);
        if (!commit) throw new Error('roll back');
      }).catch((err: Error) => { if (err.message !== 'roll back') throw err; });
      await sql`insert into ledger (side, kind) values ('server', 'autocommit')`.execute(db);
    };
    const clients = [client(), client(), client()];
    await Promise.all(clients.map((c) => c.connect()));
    const viaSocket = async (c: pg.Client, i: number) => {
      const commit = i % 2 === 1;
      await c.query('begin');
      await c.query('insert into ledger (side, kind) values ($1, $2)', ['client', commit ? 'committed' : 'rolled-back']);
      await stableCount(async (text) => (await c.query<{ n: number }>(text)).rows[0]!.n, `client tx ${i}`);
      await c.query('insert into ledger (side, kind) values ($1, $2)', ['client', commit ? 'committed' : 'rolled-back']);
      await c.query(commit ? 'commit' : 'rollback');
      await c.query('insert into ledger (side, kind) values ($1, $2)', ['client', 'autocommit']);
    };
    // Every server transaction is queued at once; each client runs its rounds one after another.
    const serverWork = [...Array(rounds).keys()].map(server);
    const clientWork = clients.map(async (c, k) => { for (let i = k; i < rounds; i += clients.length) await viaSocket(c, i); });
    await Promise.all([...serverWork, ...clientWork]);
    await Promise.all(clients.map((c) => c.end()));

    const { rows } = await sql<{ side: string; kind: string; n: number }>`
      select side, kind, count(*)::int as n from ledger group by side, kind order by side, kind`.execute(db);
    const committedRounds = (side: 'server' | 'client') => [...Array(rounds).keys()].filter((i) => (i % 2 === 0) === (side === 'server')).length;
    expect(rows).toEqual([
      { side: 'client', kind: 'autocommit', n: rounds },
      { side: 'client', kind: 'committed', n: 2 * committedRounds('client') },
      { side: 'server', kind: 'autocommit', n: rounds },
      { side: 'server', kind: 'committed', n: 2 * committedRounds('server') },
    ]);
    expect(drift).toEqual([]);
  }, 120_000);

  test('a client that vanishes inside a transaction is rolled back and the server carries on', async () => {
    const raw = client();
    await raw.connect();
    await raw.query('begin');
    await raw.query("insert into ledger (side, kind) values ('client', 'abandoned')");
    // Kill the connection without COMMIT or ROLLBACK.
    (raw as unknown as { connection: { stream: net.Socket } }).connection.stream.destroy();
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ledger where kind = 'abandoned'`.execute(db);
    expect(rows[0]!.n).toBe(0);
    await sql`insert into ledger (side, kind) values ('server', 'after-abandon')`.execute(db);
  }, 60_000);

  test('a client idle inside a transaction beyond the limit is cut off and rolled back', async () => {
    const slow = client();
    await slow.connect();
    await slow.query('begin');
    await slow.query("insert into ledger (side, kind) values ('client', 'idle')");
    const started = Date.now();
    // The server waits for its turn, and gets it once the idle client is cut off (1.5 s here).
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ledger where kind = 'idle'`.execute(db);
    expect(rows[0]!.n).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    await expect(slow.query('commit')).rejects.toThrow();
    await slow.end().catch(() => {});
  }, 60_000);

  test('closing the database ends client sessions, rolls back their transaction and removes the socket', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-sock2-'));
    const h = await openDatabase({ dataDir: other });
    try {
      const sock = await h.shareSocket!();
      await sql`create table t (v text)`.execute(h.db);
      const c = new pg.Client({ host: path.dirname(sock), user: 'postgres', database: 'postgres' });
      const errors: Error[] = [];
      c.on('error', (e) => errors.push(e));
      await c.connect();
      await c.query('begin');
      await c.query("insert into t values ('open at shutdown')");
      await h.close();
      expect(fs.existsSync(sock)).toBe(false);
      await expect(c.query('commit')).rejects.toThrow();
      const again = await openDatabase({ dataDir: other });
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from t`.execute(again.db);
      await again.close();
      expect(rows[0]!.n).toBe(0);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  }, 120_000);
});
