// Migration 0910 carries the two-tier rows over as they were (contract prices and initial seats,
// seat changes, upgrade lines) and keeps per-tier values whole and non-negative in the database.
import { Migrator, sql, type MigrationProvider } from 'kysely';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';

describeEachDatabase('migration 0910 (tiers as data)', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(kind); });
  afterAll(async () => { await t?.close(); });

  test('the database refuses a negative or fractional per-tier price, a badly shaped key, a non-object', async () => {
    const org = await sql<{ id: string }>`insert into organizations (name, slug, created_at) values ('M', ${'mig-' + kind}, now()) returning id`.execute(t.db);
    const orgId = org.rows[0]!.id;
    const insert = (prices: string) => sql`insert into contracts (org_id, term_start, term_end, auto_renew, currency, prices, initial_seats, status, created_at, ended_at)
      values (${orgId}, '2026-01-01', '2027-01-01', true, 'EUR', ${prices}::jsonb, '{}'::jsonb, 'replaced', now(), now())`.execute(t.db);
    await expect(insert('{"standard": -1}')).rejects.toMatchObject({ message: expect.stringContaining('contracts_prices_per_tier') });
    await expect(insert('{"standard": 1.5}')).rejects.toMatchObject({ message: expect.stringContaining('contracts_prices_per_tier') });
    await expect(insert('{"Bad Key": 1}')).rejects.toMatchObject({ message: expect.stringContaining('contracts_prices_per_tier') });
    await expect(insert('[]')).rejects.toMatchObject({ message: expect.stringContaining('contracts_prices_per_tier') });
    await insert('{"basic": 0, "standard": 9900}');
  });
});

describe('migration 0910 on rows written before it', () => {
  let h: DatabaseHandle;
  afterAll(async () => { await h?.close(); });

  test('contract prices, initial seats, seat changes and upgrade lines keep their values', async () => {
    h = await openDatabase({ dataDir: null });
    const names = Object.keys(migrations).sort();
    const before = names.filter((n) => n < '0910');
    const provider = (list: string[]): MigrationProvider => ({ getMigrations: async () => Object.fromEntries(list.map((n) => [n, migrations[n]!])) });
    const migrated = await new Migrator({
      db: h.db, provider: provider(before), migrationTableName: 'seatgate_migrations', migrationLockTableName: 'seatgate_migrations_lock',
    }).migrateToLatest();
    expect(migrated.error).toBeUndefined();
    const db = h.db;
    const org = (await sql<{ id: string }>`insert into organizations (name, slug, created_at) values ('Old', 'old', now()) returning id`.execute(db)).rows[0]!.id;
    const contract = (await sql<{ id: string }>`insert into contracts (org_id, term_start, term_end, auto_renew, currency, price_standard, price_premium,
      initial_standard, initial_premium, status, created_at) values (${org}, '2026-01-01', '2027-01-01', true, 'EUR', 9900, 18900, 100, 0, 'active', now()) returning id`.execute(db)).rows[0]!.id;
    await sql`set constraints all deferred`.execute(db);
    await db.transaction().execute(async (tx) => {
      const inv = (await sql<{ id: string }>`insert into invoices (org_id, contract_id, currency, kind, issued_at, period_start, period_end, total)
        values (${org}, ${contract}, 'EUR', 'seat_change', now(), '2026-03-01', '2027-01-01', 75000) returning id`.execute(tx)).rows[0]!.id;
      await sql`insert into invoice_lines (invoice_id, position, kind, tier, quantity, unit_amount, months, days, days_in_month, amount)
        values (${inv}, 1, 'upgrade', 'premium', 10, 9000, 10, 0, 31, 75000)`.execute(tx);
      await sql`insert into seat_changes (invoice_id, org_id, contract_id, effective_on, add_standard, add_premium, upgrade, created_at)
        values (${inv}, ${org}, ${contract}, '2026-03-01', 5, 0, 10, now())`.execute(tx);
    });
    await migrateToLatest(db);
    const c = (await sql<{ prices: unknown; initial_seats: unknown }>`select prices, initial_seats from contracts where id = ${contract}`.execute(db)).rows[0]!;
    expect(c).toEqual({ prices: { premium: 18900, standard: 9900 }, initial_seats: { premium: 0, standard: 100 } });
    const sc = (await sql`select added, upgrade, upgrade_from, upgrade_to from seat_changes`.execute(db)).rows[0];
    expect(sc).toEqual({ added: { premium: 0, standard: 5 }, upgrade: 10, upgrade_from: 'standard', upgrade_to: 'premium' });
    const line = (await sql`select tier, from_tier from invoice_lines`.execute(db)).rows[0];
    expect(line).toEqual({ tier: 'premium', from_tier: 'standard' });
  });
});
