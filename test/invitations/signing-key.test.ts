// The invitation signing key: INVITE_SECRET when set (never a short one), otherwise one key
// generated once and shared through the database by every process.
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { inviteSigningKey } from '../../src/domain/invitations/signing-key.js';
import { systemClock } from '../../src/domain/clock.js';
import { loadConfig } from '../../src/config.js';

test('refuses a short INVITE_SECRET at start-up, naming the variable', () => {
  expect(() => loadConfig({ INVITE_SECRET: 'changeme' })).toThrow(/INVITE_SECRET must be at least 32 characters/);
});

describeEachDatabase('invitation signing key', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(kind); });
  afterAll(async () => { await t?.close(); });

  test('is generated once and read back by every pool (process) on the same database', async () => {
    const pools = kind === 'postgres' ? [t.db, (await t.openAnotherPool(2)).db, (await t.openAnotherPool(2)).db] : [t.db];
    const keys = await Promise.all(pools.map((db) => inviteSigningKey(db, undefined, systemClock)));
    expect(keys[0]).toHaveLength(32);
    for (const k of keys) expect(Buffer.from(k).equals(Buffer.from(keys[0]!))).toBe(true);
    const rows = await t.db.selectFrom('server_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
  });

  test('uses INVITE_SECRET when configured, without touching the database', async () => {
    const key = await inviteSigningKey(t.db, 'x'.repeat(40), systemClock);
    expect(Buffer.from(key).toString()).toBe('x'.repeat(40));
  });
});
