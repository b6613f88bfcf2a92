// `npm start` in one terminal and `npx seatgate …` in another: the real server (dist/main.js) runs
// as a child on a temporary embedded DATA_DIR, and the real CLI (bin/seatgate.js) runs beside it
// as separate processes, reaching the server's database through the socket in DATA_DIR/run.
// What the CLI does is seen through the server's SCIM and admin API, and the other way round;
// server transactions and CLI writes at once keep every seat and billing invariant.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { runNode, startNode, waitForOutput, type Finished } from '../support/processes.js';
import { seatInvariantViolations } from '../support/invariants.js';
import { connectToServerSocket } from '../../src/db/server-socket-client.js';
import { socketPath } from '../../src/db/data-dir-socket.js';
import { migrations } from '../../src/db/migrations/index.js';

interface CliRun extends Finished { json: any }

describe('the CLI beside a running server on the embedded database [pglite]', () => {
  let dataDir: string;
  let server: ReturnType<typeof startNode>;
  let url: string;
  const today = new Date().toISOString().slice(0, 10);

  async function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    const done = await runNode(['bin/seatgate.js', ...args], { DATA_DIR: dataDir, ...env });
    let json: unknown = null;
    try { json = JSON.parse(done.stdout); } catch { /* text output */ }
    return { ...done, json };
  }

  async function startServer(): Promise<void> {
    server = startNode(['dist/main.js'], { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', RENEWAL_INTERVAL_SECONDS: '0' });
    // A new embedded database (initdb in WASM) takes seconds, many on a busy machine.
    [, url] = (await waitForOutput(server, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 150_000)) as unknown as [string, string];
  }

  async function readTables<T>(fn: (db: Awaited<ReturnType<typeof connectToServerSocket>>['db']) => Promise<T>): Promise<T> {
    const handle = await connectToServerSocket(dataDir, server.pid!);
    try { return await fn(handle.db); } finally { await handle.close(); }
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-shared-'));
    await startServer();
  }, 200_000);
  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('org create, seats show, scim-token create and logs work against the running server, and the server sees the result', async () => {
    const created = await cli(['org', 'create', '--name', 'Acme', '--slug', 'acme', '--domain', 'acme.example',
      '--standard', '3', '--premium', '1', '--primary-owner', 'boss@acme.example', '--json'], { LOG_LEVEL: 'debug' });
    expect({ code: created.code, slug: created.json?.slug }).toEqual({ code: 0, slug: 'acme' });
    // Which way it went is said at debug level only.
    expect(created.stderr).toContain('using its database through its socket');
    expect((await cli(['org', 'list'])).stderr).toBe('');

    const token = await cli(['scim-token', 'create', '--org', 'acme', '--name', 'okta', '--json']);
    expect(token.code).toBe(0);
    const scim = await fetch(`${url}/scim/v2/Users`, {
      method: 'POST', headers: { authorization: `Bearer ${token.json.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ann@acme.example',
        emails: [{ value: 'ann@acme.example', primary: true }], active: true }),
    });
    expect(scim.status).toBe(201);

    const seats = await cli(['seats', 'show', '--org', 'acme', '--json']);
    expect(seats.json.seats).toEqual({ premium: { purchased: 1, claimed: 1 }, standard: { purchased: 3, claimed: 1 } });
    const log = await cli(['logs', '--org', 'acme', '--event', 'member.created', '--json']);
    expect(log.json.events.map((e: { method: string; subject: string }) => e.method).sort()).toEqual(['cli', 'scim']);

    const key = await cli(['api-key', 'create', '--org', 'acme', '--role', 'owner', '--json']);
    const api = await fetch(`${url}/api/v1/seats`, { headers: { authorization: `Bearer ${key.json.secret}` } });
    expect(await api.json()).toMatchObject({ standard: { purchased: 3, claimed: 1 }, premium: { purchased: 1, claimed: 1 } });
  }, 120_000);

  test('server transactions and CLI writes at once: every seat, invoice and log invariant holds', async () => {
    expect((await cli(['contract', 'set', '--org', 'acme', '--start', today, '--price-standard', '1200', '--price-premium', '2400', '--currency', 'EUR'])).code).toBe(0);
    const key = (await cli(['api-key', 'create', '--org', 'acme', '--role', 'owner', '--json'])).json.secret as string;
    const scimToken = (await cli(['scim-token', 'create', '--org', 'acme', '--json'])).json.token as string;
    const before = await readTables((db) => sql<{ tier: string; purchased: number }>`
      select tier, purchased from seat_pools p join organizations o on o.id = p.org_id where o.slug = 'acme' order by tier`.execute(db));

    const purchases = Array.from({ length: 6 }, () => fetch(`${url}/api/v1/seats/confirm`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ add: { standard: 1 } }),
    }).then((r) => r.status));
    const arrivals = Array.from({ length: 6 }, (_, i) => fetch(`${url}/scim/v2/Users`, {
      method: 'POST', headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `p${i}@acme.example`, active: true }),
    }).then((r) => r.status));
    const cliWrites = [
      cli(['seats', 'add', '--org', 'acme', '--tier', 'premium', '--count', '2', '--json']),
      cli(['seats', 'add', '--org', 'acme', '--tier', 'standard', '--count', '1', '--complimentary', '--json']),
      cli(['seats', 'add', '--org', 'acme', '--tier', 'standard', '--count', '2', '--json']),
      cli(['org', 'create', '--name', 'Globex', '--domain', 'globex.example', '--standard', '1', '--premium', '0', '--json']),
    ];
    const [bought, arrived, ran] = await Promise.all([Promise.all(purchases), Promise.all(arrivals), Promise.all(cliWrites)]);
    expect(bought).toEqual(Array(6).fill(201));
    expect(ran.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    // Arrivals beyond the seats are refused (403), never over-allocated.
    expect(arrived.every((s) => s === 201 || s === 403)).toBe(true);

    const facts = await readTables(async (db) => ({
      violations: await seatInvariantViolations(db),
      pools: (await sql<{ tier: string; purchased: number }>`
        select tier, purchased from seat_pools p join organizations o on o.id = p.org_id where o.slug = 'acme' order by tier`.execute(db)).rows,
      invoices: (await sql<{ n: number }>`select count(*)::int as n from invoices i join organizations o on o.id = i.org_id where o.slug = 'acme'`.execute(db)).rows[0]!.n,
      changes: (await sql<{ n: number }>`select count(*)::int as n from seat_changes c join organizations o on o.id = c.org_id where o.slug = 'acme'`.execute(db)).rows[0]!.n,
      complimentary: (await sql<{ reason: string; actor: string }>`select reason, actor_label as actor from provisioning_events e join organizations o on o.id = e.org_id
        where o.slug = 'acme' and e.event = 'seats.added' and e.detail->>'complimentary' = 'true'`.execute(db)).rows,
    }));
    expect(facts.violations).toEqual([]);
    const was = Object.fromEntries(before.rows.map((r) => [r.tier, r.purchased])) as Record<'premium' | 'standard', number>;
    expect(facts.pools).toEqual([{ tier: 'premium', purchased: was.premium + 2 }, { tier: 'standard', purchased: was.standard + 6 + 1 + 2 }]);
    // Eight purchases (six by the API, two by the CLI), each with its invoice; the gift has none.
    expect({ invoices: facts.invoices, changes: facts.changes }).toEqual({ invoices: 8, changes: 8 });
    expect(facts.complimentary).toEqual([{ reason: expect.stringMatching(/^complimentary/), actor: expect.stringMatching(/^cli \(/) }]);
  }, 180_000);

  test('the CLI never migrates the running server\'s database: a schema that differs is refused with what to do', async () => {
    const latest = Object.keys(migrations).sort().at(-1)!;
    expect((await cli(['migrate', '--json'])).json).toEqual({ applied: [], current: latest });
    const row = await readTables(async (db) => {
      const r = (await sql<{ name: string; timestamp: string }>`select * from seatgate_migrations where name = ${latest}`.execute(db)).rows[0]!;
      await sql`delete from seatgate_migrations where name = ${latest}`.execute(db);
      return r;
    });
    try {
      for (const args of [['org', 'list', '--json'], ['migrate', '--json']]) {
        const refused = await cli(args);
        expect({ code: refused.code, error: JSON.parse(refused.stderr).error.code }).toEqual({ code: 1, error: 'SCHEMA_MISMATCH' });
        expect(JSON.parse(refused.stderr).error.message).toMatch(/Restart the server with this version/);
      }
      // Nothing was applied behind the server's back.
      expect(await readTables(async (db) => (await sql`select 1 from seatgate_migrations where name = ${latest}`.execute(db)).rows)).toEqual([]);
    } finally {
      await readTables((db) => sql`insert into seatgate_migrations (name, timestamp) values (${row.name}, ${row.timestamp})`.execute(db));
    }
  }, 120_000);

  test('after SIGTERM the socket is gone and the CLI opens DATA_DIR itself; a socket left by a killed server is handled', async () => {
    server.kill('SIGTERM');
    expect((await server.finished).code).toBe(0);
    expect(fs.existsSync(socketPath(dataDir))).toBe(false);
    const alone = await cli(['org', 'list', '--json'], { LOG_LEVEL: 'debug' });
    expect(alone.code).toBe(0);
    expect(alone.stderr).toContain('opened the embedded database directly');

    await startServer();
    expect((await cli(['seats', 'show', '--org', 'globex', '--json'])).code).toBe(0);
    server.kill('SIGKILL');
    await server.finished;
    // Its lock and socket are left behind; the lock names a dead pid.
    expect(fs.existsSync(socketPath(dataDir))).toBe(true);
    const after = await cli(['org', 'list', '--json']);
    expect({ code: after.code, orgs: after.json.map((o: { slug: string }) => o.slug).sort() }).toEqual({ code: 0, orgs: ['acme', 'globex'] });
    expect(fs.existsSync(socketPath(dataDir))).toBe(false);
  }, 300_000);
});
