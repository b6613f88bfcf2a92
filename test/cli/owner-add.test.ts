// `seatgate owner add`: how an operator gets an organization created without --primary-owner (or
// whose Owners left) into the console. Run in-process through `main` on an embedded database in a
// temporary DATA_DIR or a fresh PostgreSQL database: a new person arrives through the allocator
// as the primary owner (a seat claimed, logged with the command line as actor) and can then get a
// console link; the next one is an Owner; a member is promoted, not duplicated; refusals (another
// domain, no seat free) change nothing and say why.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ManualClock } from '../support/fixtures.js';
import { main } from '../../src/cli/main.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase } from '../../src/db/connection.js';
import { listEvents } from '../../src/domain/log/provisioning-log.js';

describeEachDatabase('seatgate owner add', (kind) => {
  let config: Readonly<Config>;
  let dataDir: string;
  let server: TestDatabase | undefined;
  const clock = new ManualClock('2026-03-01T12:00:00Z');

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-owner-'));
    if (kind === 'postgres') server = await createTestDatabase('postgres', 2);
    config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: 'https://seatgate.example.com', ...(server?.url ? { DATABASE_URL: server.url } : {}) });
    const made = await cli('org', 'create', '--name', 'Ownerless', '--domain', 'ownerless.example', '--standard', '3', '--premium', '0');
    if (made.code !== 0) throw new Error(made.err);
    expect(made.out).toContain('No owner yet: add one with `seatgate owner add --org ownerless --email EMAIL`');
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (x) => out.push(x), err: (x) => err.push(x) }, clock, config);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
    const handle = server ?? await openDatabase({ dataDir });
    try { return await fn(handle.db); } finally { if (!server) await handle.close(); }
  }

  const members = () => withDb((db) => db.selectFrom('members').select(['email', 'role', 'seat_tier', 'created_via']).orderBy('created_at').orderBy('email').execute());

  test('without an owner, a console link is refused and names the command that fixes it', async () => {
    const run = await cli('console-link', '--org', 'ownerless', '--email', 'rosa@ownerless.example', '--json');
    expect(run.code).toBe(1);
    const error = JSON.parse(run.err).error;
    expect(error.code).toBe('CONSOLE_LINK_REFUSED');
    expect(error.message).toContain('seatgate owner add --org ownerless --email rosa@ownerless.example');
  });

  test('a new person becomes the primary owner through the allocator, logged, and can then get a console link', async () => {
    const run = await cli('owner', 'add', '--org', 'ownerless', '--email', 'rosa@ownerless.example', '--json');
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(run.out)).toMatchObject({ change: 'created', member: { email: 'rosa@ownerless.example', role: 'primary_owner', seatTier: 'standard' } });
    expect(await members()).toEqual([{ email: 'rosa@ownerless.example', role: 'primary_owner', seat_tier: 'standard', created_via: 'cli' }]);
    await withDb(async (db) => {
      const org = await db.selectFrom('organizations').select('id').where('slug', '=', 'ownerless').executeTakeFirstOrThrow();
      const pool = await db.selectFrom('seat_pools').select('claimed').where('org_id', '=', org.id).where('tier', '=', 'standard').executeTakeFirstOrThrow();
      expect(pool.claimed).toBe(1);
      const logged = await listEvents(db, org.id, { events: ['member.created', 'seat.claimed'] });
      expect(logged.events.map((e) => [e.event, e.method, e.actor.type, e.subject])).toEqual(expect.arrayContaining([
        ['member.created', 'cli', 'cli', 'rosa@ownerless.example'], ['seat.claimed', 'cli', 'cli', 'rosa@ownerless.example'],
      ]));
    });
    const link = await cli('console-link', '--org', 'ownerless', '--email', 'rosa@ownerless.example', '--json');
    expect(link.code).toBe(0);
    expect(JSON.parse(link.out).member.role).toBe('primary_owner');
  });

  test('the text output says what happened and prints the console-link command to run next', async () => {
    const run = await cli('owner', 'add', '--org', 'ownerless', '--email', 'sam@ownerless.example');
    expect(run.code).toBe(0);
    expect(run.out).toContain('Added sam@ownerless.example to Ownerless as Owner (standard seat).');
    expect(run.out).toContain('seatgate console-link --org ownerless --email sam@ownerless.example');
  });

  test('a member is promoted, keeping their seat; asking again changes nothing', async () => {
    await withDb(async (db) => {
      await db.updateTable('members').set({ role: 'member' }).where('email', '=', 'sam@ownerless.example').execute();
    });
    const run = await cli('owner', 'add', '--org', 'ownerless', '--email', 'SAM@ownerless.example', '--json');
    expect(JSON.parse(run.out)).toMatchObject({ change: 'promoted', member: { email: 'sam@ownerless.example', role: 'owner' } });
    const again = await cli('owner', 'add', '--org', 'ownerless', '--email', 'sam@ownerless.example', '--json');
    expect(JSON.parse(again.out).change).toBe('unchanged');
    expect((await members()).filter((m) => m.email === 'sam@ownerless.example')).toEqual([{ email: 'sam@ownerless.example', role: 'owner', seat_tier: 'standard', created_via: 'cli' }]);
    await withDb(async (db) => {
      const org = await db.selectFrom('organizations').select('id').where('slug', '=', 'ownerless').executeTakeFirstOrThrow();
      const changed = await listEvents(db, org.id, { events: ['member.role_changed'] });
      expect(changed.events.map((e) => [e.subject, e.detail])).toEqual([['sam@ownerless.example', { from: 'member', to: 'owner', byOperator: true }]]);
    });
  });

  test('refuses an email off the verified domains, and an arrival when no seat is free; nothing changes', async () => {
    const off = await cli('owner', 'add', '--org', 'ownerless', '--email', 'eve@elsewhere.example', '--json');
    expect([off.code, JSON.parse(off.err).error.code]).toEqual([1, 'DOMAIN_NOT_VERIFIED']);
    expect((await cli('owner', 'add', '--org', 'ownerless', '--email', 'tom@ownerless.example')).code).toBe(0);
    const full = await cli('owner', 'add', '--org', 'ownerless', '--email', 'una@ownerless.example', '--json');
    expect([full.code, JSON.parse(full.err).error.code]).toEqual([1, 'SEATS_EXHAUSTED']);
    expect((await members()).map((m) => m.email).sort()).toEqual(['rosa@ownerless.example', 'sam@ownerless.example', 'tom@ownerless.example']);
  });

  test('bad usage exits 2', async () => {
    expect((await cli('owner', 'add', '--org', 'ownerless')).code).toBe(2);
  });
});
