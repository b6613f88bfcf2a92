// The CLI under a three-tier catalogue (TIERS_FILE): an org created with --seats per tier, a
// contract priced per tier with --prices, seats of the new tier bought, and a tier the catalogue
// does not name refused as a usage error before anything is opened.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { DEFAULT_TIERS_FILE, loadConfig, readTierCatalogue } from '../../src/config.js';
import { installCatalogue } from '../../src/domain/seats/catalogue.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createTestDatabase, SERVER_URL, type TestDatabase } from '../support/databases.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe(`CLI with three tiers [${SERVER_URL ? 'postgres' : 'pglite'}]`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-cli-tiers-'));
  let server: TestDatabase | undefined;
  let config: ReturnType<typeof loadConfig>;
  const clock = new ManualClock('2026-03-01T12:00:00Z');
  beforeAll(async () => {
    if (SERVER_URL) server = await createTestDatabase('postgres', 2);
    config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', TIERS_FILE: path.join(here, 'catalogues', 'three-tiers.json'), ...(server ? { DATABASE_URL: server.url! } : {}) });
  });
  afterAll(async () => {
    installCatalogue(readTierCatalogue(DEFAULT_TIERS_FILE));
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main([...argv, '--json'], { out: (s) => out.push(s), err: (s) => err.push(s) }, clock, config);
    return { code, json: out.length ? JSON.parse(out.join('\n')) : null, error: err.length ? JSON.parse(err.join('\n')).error : null };
  }

  test('org create --seats, contract set --prices, seats add --tier basic', async () => {
    const made = await run('org', 'create', '--name', 'Tri', '--slug', 'tri', '--domain', 'tri.example', '--seats', 'basic=5,premium=1');
    expect(made.code).toBe(0);
    expect(made.json.seats).toEqual({ premium: { purchased: 1, claimed: 0 }, standard: { purchased: 0, claimed: 0 }, basic: { purchased: 5, claimed: 0 } });
    const contract = await run('contract', 'set', '--org', 'tri', '--start', '2026-01-01', '--currency', 'EUR', '--prices', 'basic=4900,standard=9900,premium=18900');
    expect(contract.code).toBe(0);
    expect(contract.json.prices).toEqual({ premium: 18900, standard: 9900, basic: 4900 });
    const bought = await run('seats', 'add', '--org', 'tri', '--tier', 'basic', '--count', '2');
    expect(bought.code).toBe(0);
    expect(JSON.stringify(bought.json)).toContain('"tier":"basic"');
  });

  test.each([
    ['an unknown tier in --seats', ['org', 'create', '--name', 'X', '--domain', 'x.example', '--seats', 'gold=1']],
    ['an unknown --tier', ['seats', 'add', '--org', 'tri', '--tier', 'gold', '--count', '1']],
    ['a malformed --prices', ['contract', 'set', '--org', 'tri', '--start', '2026-01-01', '--currency', 'EUR', '--prices', 'basic:4900']],
  ])('refuses %s as a usage error', async (_name, argv) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.error.code).toBe('USAGE');
  });

  test('a contract without a price for every tier is refused', async () => {
    const r = await run('contract', 'set', '--org', 'tri', '--start', '2026-01-01', '--currency', 'EUR', '--price-standard', '9900', '--price-premium', '18900');
    expect(r.code).toBe(1);
    expect(r.error.code).toBe('INVALID_INPUT');
  });
});
