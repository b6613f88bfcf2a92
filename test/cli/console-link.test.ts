// `seatgate console-link`, run in-process through `main` against an embedded database in a
// temporary DATA_DIR or a fresh PostgreSQL database: it prints a single-use URL on PUBLIC_URL
// for an active Owner, keeps only the hash of its secret, logs it, and refuses anyone else.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ManualClock } from '../support/fixtures.js';
import { main } from '../../src/cli/main.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase } from '../../src/db/connection.js';
import { listEvents } from '../../src/domain/log/provisioning-log.js';

describeEachDatabase('seatgate console-link', (kind) => {
  let config: Readonly<Config>;
  let dataDir: string;
  let server: TestDatabase | undefined;
  const clock = new ManualClock('2026-03-01T12:00:00Z');

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-cl-'));
    if (kind === 'postgres') server = await createTestDatabase('postgres', 2);
    config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: 'https://seatgate.example.com', ...(server?.url ? { DATABASE_URL: server.url } : {}) });
    const made = await cli('org', 'create', '--name', 'Linkco', '--domain', 'linkco.example', '--standard', '3', '--premium', '0', '--primary-owner', 'pat@linkco.example');
    if (made.code !== 0) throw new Error(made.err);
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

  test('prints a single-use URL with an sgcl_ token for the Owner, keeps only its hash and logs it (--json)', async () => {
    const run = await cli('console-link', '--org', 'linkco', '--email', 'PAT@linkco.example', '--json');
    expect(run).toMatchObject({ code: 0, err: '' });
    const out = JSON.parse(run.out);
    expect(out.url).toMatch(/^https:\/\/seatgate\.example\.com\/console-link\/sgcl_[A-Za-z0-9._-]+$/);
    expect(out).toMatchObject({ singleUse: true, expiresAt: '2026-03-01T12:15:00.000Z', org: { slug: 'linkco' }, member: { email: 'pat@linkco.example', role: 'primary_owner' } });
    const token: string = out.url.split('/console-link/')[1];
    const secret = JSON.parse(Buffer.from(token.slice('sgcl_'.length).split('.')[1]!, 'base64url').toString()).sec;
    expect(secret).toMatch(/^sgcl_[A-Za-z0-9_-]{43}$/);
    await withDb(async (db) => {
      const rows = await db.selectFrom('console_links').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(secret);
      const org = await db.selectFrom('organizations').select('id').where('slug', '=', 'linkco').executeTakeFirstOrThrow();
      const logged = await listEvents(db, org.id, { events: ['console_link.created'] });
      expect(logged.events).toHaveLength(1);
      expect(logged.events[0]).toMatchObject({ method: 'cli', subject: 'pat@linkco.example', actor: { type: 'cli' } });
    });
  });

  test('says in words how long the link works and that it works once', async () => {
    const run = await cli('console-link', '--org', 'linkco', '--email', 'pat@linkco.example');
    expect(run.code).toBe(0);
    expect(run.out).toContain('https://seatgate.example.com/console-link/sgcl_');
    expect(run.out).toContain('It works once, until 2026-03-01 12:15 UTC (15 minutes)');
  });

  test('refuses someone who is not an Owner of the org (exit 1, CONSOLE_LINK_REFUSED) and writes no link', async () => {
    const run = await cli('console-link', '--org', 'linkco', '--email', 'stranger@linkco.example', '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.err).error.code).toBe('CONSOLE_LINK_REFUSED');
    expect(await withDb(async (db) => (await db.selectFrom('console_links').select('id').execute()).length)).toBe(2);
  });

  test('bad usage exits 2; an unknown org exits 1', async () => {
    expect((await cli('console-link', '--org', 'linkco')).code).toBe(2);
    const run = await cli('console-link', '--org', 'no-such-org', '--email', 'pat@linkco.example', '--json');
    expect([run.code, JSON.parse(run.err).error.code]).toEqual([1, 'ORG_NOT_FOUND']);
  });
});
