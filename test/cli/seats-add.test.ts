// `seatgate seats add` under a contract buys seats through the Owner's purchase path (preview,
// confirm with an idempotency key, invoice issued); adding them without an invoice takes an
// explicit --complimentary and is logged so, with the operator as actor.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createTestDatabase, SERVER_URL, type TestDatabase } from '../support/databases.js';

// Each CLI call opens the database as the real command does; a PostgreSQL server makes that fast,
// so the file uses it when configured and an embedded data directory otherwise.
describe(`seats add and billing [${SERVER_URL ? 'postgres' : 'pglite'}]`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-cli-seats-'));
  let server: TestDatabase | undefined;
  let config: ReturnType<typeof loadConfig>;
  const clock = new ManualClock('2026-03-01T12:00:00Z');
  beforeAll(async () => {
    if (SERVER_URL) server = await createTestDatabase('postgres', 2);
    config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', ...(server ? { DATABASE_URL: server.url! } : {}) });
  });
  afterAll(async () => { await server?.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  async function run(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main([...argv, '--json'], { out: (s) => out.push(s), err: (s) => err.push(s) }, clock, config);
    return { code, json: out.length ? JSON.parse(out.join('\n')) : null, error: err.length ? JSON.parse(err.join('\n')).error : null };
  }

  async function facts(slug: string) {
    const handle: DatabaseHandle = server ?? await openDatabase({ dataDir: dir });
    try {
      const org = sql`(select id from organizations where slug = ${slug})`;
      const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(handle.db)).rows;
      return {
        invoices: (await q(sql<{ n: number }>`select count(*)::int as n from invoices where org_id = ${org}`))[0]!.n,
        seatChanges: (await q(sql<{ n: number }>`select count(*)::int as n from seat_changes where org_id = ${org}`))[0]!.n,
        added: await q(sql<{ tier: string; reason: string | null; detail: unknown; actor: string; type: string }>`
          select tier, reason, detail, actor_label as actor, actor_type as type from provisioning_events
          where org_id = ${org} and event = 'seats.added' order by id`),
      };
    } finally {
      if (!server) await handle.close();
    }
  }

  test('without a contract there is nothing to bill: seats are added as before', async () => {
    expect((await run('org', 'create', '--name', 'Acme', '--slug', 'acme', '--domain', 'acme.example', '--standard', '3', '--premium', '1')).code).toBe(0);
    const added = await run('seats', 'add', '--org', 'acme', '--tier', 'standard', '--count', '1');
    expect(added).toMatchObject({ code: 0, json: { billed: false, complimentary: false, seats: { standard: { purchased: 4 } } } });
    expect((await run('seats', 'add', '--org', 'acme', '--tier', 'standard', '--count', '1', '--preview')).error.code).toBe('USAGE');
  });

  test('under a contract it previews, then buys with an invoice, once per idempotency key', async () => {
    expect((await run('contract', 'set', '--org', 'acme', '--start', '2026-01-01', '--price-standard', '9900', '--price-premium', '18900', '--currency', 'EUR')).code).toBe(0);
    const before = await facts('acme');

    const preview = await run('seats', 'add', '--org', 'acme', '--tier', 'standard', '--count', '2', '--preview');
    expect(preview.code).toBe(0);
    // 2 seats × 9900 a year × 10 of 12 months left (docs/billing.md).
    expect(preview.json.preview.invoice).toMatchObject({ id: null, total: 16500, currency: 'EUR' });
    expect(await facts('acme')).toEqual(before);

    const bought = await run('seats', 'add', '--org', 'acme', '--tier', 'standard', '--count', '2', '--idempotency-key', 'cli-march-1');
    expect(bought).toMatchObject({ code: 0, json: { billed: true, replayed: false, idempotencyKey: 'cli-march-1', seats: { standard: { purchased: 6 } } } });
    expect({ ...bought.json.invoice, id: null, number: null, issuedAt: null }).toEqual({ ...preview.json.preview.invoice, issuedAt: null });

    const again = await run('seats', 'add', '--org', 'acme', '--tier', 'standard', '--count', '2', '--idempotency-key', 'cli-march-1');
    expect(again.json).toMatchObject({ replayed: true, invoice: { id: bought.json.invoice.id }, seats: { standard: { purchased: 6 } } });
    const reused = await run('seats', 'add', '--org', 'acme', '--tier', 'premium', '--count', '1', '--idempotency-key', 'cli-march-1');
    expect({ code: reused.code, error: reused.error.code }).toEqual({ code: 1, error: 'IDEMPOTENCY_KEY_REUSED' });

    const after = await facts('acme');
    expect({ invoices: after.invoices - before.invoices, seatChanges: after.seatChanges - before.seatChanges }).toEqual({ invoices: 1, seatChanges: 1 });
    expect(after.added.at(-1)).toMatchObject({ tier: 'standard', reason: null, type: 'cli', actor: expect.stringMatching(/^cli \(/) });
  });

  test('--complimentary adds seats without an invoice and says so in the log, with the operator as actor', async () => {
    const before = await facts('acme');
    const gift = await run('seats', 'add', '--org', 'acme', '--tier', 'premium', '--count', '1', '--complimentary');
    expect(gift).toMatchObject({ code: 0, json: { billed: false, complimentary: true, seats: { premium: { purchased: 2 } } } });
    const after = await facts('acme');
    expect(after.invoices).toBe(before.invoices);
    expect(after.added.at(-1)).toMatchObject({
      tier: 'premium', reason: expect.stringMatching(/^complimentary/), type: 'cli', actor: expect.stringMatching(/^cli \(/),
    });
    expect(after.added.at(-1)!.detail).toMatchObject({ count: 1, complimentary: true });
  });

  test('a lapsed contract refuses the purchase with its code; --complimentary still adds', async () => {
    clock.set('2027-01-02T12:00:00Z');
    const refused = await run('seats', 'add', '--org', 'acme', '--tier', 'standard', '--count', '1');
    expect({ code: refused.code, error: refused.error.code }).toEqual({ code: 1, error: 'CONTRACT_EXPIRED' });
    expect((await run('seats', 'add', '--org', 'acme', '--tier', 'standard', '--count', '1', '--complimentary')).code).toBe(0);
  });
});
