import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createTestDatabase, SERVER_URL, type TestDatabase } from '../support/databases.js';

// Each CLI call opens the database as the real command does; a PostgreSQL server makes that fast,
// so the file uses it when configured and an embedded data directory otherwise.
describe('billing CLI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-cli-billing-'));
  let server: TestDatabase | undefined;
  let config: ReturnType<typeof loadConfig>;
  const clock = new ManualClock('2025-12-01T12:00:00Z');
  beforeAll(async () => {
    if (SERVER_URL) server = await createTestDatabase('postgres', 2);
    config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', ...(server ? { DATABASE_URL: server.url! } : {}) });
  });
  afterAll(async () => { await server?.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  async function run(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, clock, config);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  test('sets a contract, renews it at term end, and lists the renewal invoice', async () => {
    expect((await run('org', 'create', '--name', 'Acme', '--slug', 'acme', '--domain', 'acme.example', '--standard', '3', '--premium', '1')).code).toBe(0);
    const set = await run('contract', 'set', '--org', 'acme', '--start', '2026-01-01', '--price-standard', '9900', '--price-premium', '18900', '--currency', 'eur', '--auto-renew', '--json');
    expect(set.code).toBe(0);
    expect(JSON.parse(set.out)).toMatchObject({ termStart: '2026-01-01', termEnd: '2027-01-01', currency: 'EUR', autoRenew: true, initialSeats: { standard: 3, premium: 1 } });
    clock.set('2027-01-01T01:00:00Z');
    const renew = JSON.parse((await run('billing', 'renew', '--json')).out);
    expect(renew.outcomes).toMatchObject([{ action: 'renewed', total: 3 * 9900 + 18900 }]);
    const list = await run('invoices', 'list', '--org', 'acme');
    expect(list.out).toMatch(/Invoice #1 \(renewal\)[^]*Total: EUR 486\.00/);
  });

  test.each([
    ['a price with decimals', ['--price-standard', '99.00', '--price-premium', '18900', '--currency', 'EUR', '--start', '2026-01-01'], 2],
    ['a missing start', ['--price-standard', '9900', '--price-premium', '18900', '--currency', 'EUR'], 2],
  ])('contract set refuses %s as a usage error', async (_name, args, exit) => {
    const r = await run('contract', 'set', '--org', 'acme', ...(args as string[]), '--json');
    expect(r.code).toBe(exit);
    expect(JSON.parse(r.err).error.code).toBe('USAGE');
  });
});
