// The `seatgate` CLI, run in-process through `main` exactly as bin/seatgate.js runs it, against
// an embedded database in a temporary DATA_DIR or a fresh PostgreSQL database.
import { migrations } from '../../src/db/migrations/index.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ManualClock } from '../support/fixtures.js';
import { main } from '../../src/cli/main.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase } from '../../src/db/connection.js';

interface Run { code: number; out: string; err: string }

describeEachDatabase('seatgate CLI', (kind) => {
  let config: Readonly<Config>;
  let dataDir: string;
  let server: TestDatabase | undefined;
  const clock = new ManualClock('2026-03-01T12:00:00Z');

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-cli-'));
    if (kind === 'postgres') server = await createTestDatabase('postgres', 2);
    config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(server?.url ? { DATABASE_URL: server.url } : {}) });
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function cli(...argv: string[]): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, clock, config);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  async function rowCounts(): Promise<unknown> {
    const handle = server ?? await openDatabase({ dataDir });
    try {
      const { rows } = await sql`select (select count(*)::int from organizations) as orgs, (select count(*)::int from org_domains) as domains,
        (select count(*)::int from members) as members, (select count(*)::int from provisioning_events) as events,
        (select coalesce(sum(purchased), 0)::int from seat_pools) as seats`.execute(handle.db);
      return rows[0];
    } finally {
      if (!server) await handle.close();
    }
  }

  test('org create makes the org with a default slug, verified domains, seats and a primary owner (--json)', async () => {
    const run = await cli('org', 'create', '--name', 'Acme Corp', '--domain', 'acme.example', '--domain', 'acme-labs.example',
      '--standard', '5', '--premium', '2', '--primary-owner', 'boss@acme.example', '--json');
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(run.out)).toMatchObject({
      slug: 'acme-corp', name: 'Acme Corp', domains: ['acme.example', 'acme-labs.example'],
      seats: { premium: { purchased: 2, claimed: 1 }, standard: { purchased: 5, claimed: 0 } },
      primaryOwner: { email: 'boss@acme.example', seatTier: 'premium' },
    });
  });

  test('org list and seats show print for people and for scripts', async () => {
    const list = await cli('org', 'list');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/acme-corp\s+Acme Corp\s+1\s+1\/2\s+0\/5/);
    expect(JSON.parse((await cli('org', 'list', '--json')).out)).toEqual([expect.objectContaining({ slug: 'acme-corp', members: 1 })]);
    const show = await cli('seats', 'show', '--org', 'acme-corp');
    expect(show.out).toMatch(/premium\s+2\s+1\s+1\nstandard\s+5\s+0\s+5/);
  });

  test('seats add increases a tier and logs it', async () => {
    clock.set('2026-03-02T12:00:00Z');
    const run = await cli('seats', 'add', '--org', 'acme-corp', '--tier', 'standard', '--count', '3', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ added: { tier: 'standard', count: 3 }, seats: { standard: { purchased: 8, claimed: 0 } } });
  });

  test('logs filters by --since and --outcome', async () => {
    const all = JSON.parse((await cli('logs', '--org', 'acme-corp', '--json')).out);
    expect(all.events.map((e: { event: string }) => e.event)).toEqual(['seats.added', 'seat.claimed', 'member.created', 'seats.added', 'seats.added']);
    expect(all.events[0]).toMatchObject({ method: 'cli', actor: { type: 'cli' }, occurredAt: '2026-03-02T12:00:00.000Z' });
    const recent = JSON.parse((await cli('logs', '--org', 'acme-corp', '--since', '2026-03-02', '--json')).out);
    expect(recent.events.map((e: { event: string }) => e.event)).toEqual(['seats.added']);
    expect((await cli('logs', '--org', 'acme-corp', '--outcome', 'rejected')).out).toBe('No matching events.');
    const paged = JSON.parse((await cli('logs', '--org', 'acme-corp', '--limit', '2', '--json')).out);
    expect(paged.events).toHaveLength(2);
    const rest = JSON.parse((await cli('logs', '--org', 'acme-corp', '--cursor', paged.nextCursor, '--json')).out);
    expect(rest.events).toHaveLength(3);
  });

  test('refusals are exit 1 with the domain code (JSON with --json, one line without) and write nothing', async () => {
    const refusals: Array<[string[], string]> = [
      [['seats', 'show', '--org', 'globex'], 'ORG_NOT_FOUND'],
      [['org', 'create', '--name', 'Acme Corp', '--domain', 'other.example', '--standard', '1', '--premium', '0'], 'ORG_SLUG_TAKEN'],
      [['org', 'create', '--name', 'Copycat', '--domain', 'ACME.example', '--standard', '1', '--premium', '0'], 'DOMAIN_ALREADY_CLAIMED'],
      [['org', 'create', '--name', 'Initech', '--domain', 'initech.example', '--standard', '1', '--premium', '0', '--primary-owner', 'bill@acme.example'], 'INVALID_INPUT'],
      [['org', 'create', '--name', 'Hooli', '--domain', 'hooli.example', '--standard', '0', '--premium', '0', '--primary-owner', 'gavin@hooli.example'], 'SEATS_EXHAUSTED'],
      [['logs', '--org', 'acme-corp', '--cursor', 'not-a-cursor'], 'INVALID_INPUT'],
    ];
    // One snapshot around all of them: opening the embedded database costs seconds (many on a busy machine).
    const before = await rowCounts();
    for (const [argv, code] of refusals) {
      const run = await cli(...argv, '--json');
      expect({ argv, code: run.code, error: JSON.parse(run.err).error.code }).toEqual({ argv, code: 1, error: code });
    }
    const text = await cli('seats', 'show', '--org', 'globex');
    expect(text).toEqual({ code: 1, out: '', err: 'seatgate: ORG_NOT_FOUND: No organization with slug "globex".' });
    expect(await rowCounts()).toEqual(before);
  }, 180_000);

  test('migrate reports the schema version', async () => {
    const run = await cli('migrate', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual({ applied: [], current: Object.keys(migrations).sort().at(-1) });
  });
});
