// SCIM tokens: shown once, stored as a hash, revocable, several active, last-used time; and the
// `seatgate scim-token` commands that manage them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { makeOrg, ManualClock } from '../support/fixtures.js';
import {
  authenticateScimToken, createScimToken, hashToken, listScimTokens, revokeScimToken,
} from '../../src/domain/scim-tokens/tokens.js';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';

describeEachDatabase('SCIM tokens', (kind) => {
  let db: TestDatabase;
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  beforeAll(async () => { db = await createTestDatabase(kind); });
  afterAll(async () => { await db.close(); });

  test('a new token has the sgscim_ prefix, 32+ random bytes, and only its hash is stored', async () => {
    const { org } = await makeOrg(db.db, { standard: 1, premium: 0 });
    const { token, secret } = await createScimToken(db.db, org.id, 'Okta', clock);
    expect(secret).toMatch(/^sgscim_[A-Za-z0-9_-]{43}$/);
    const row = await db.db.selectFrom('scim_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
    expect(row.hash).toBe(hashToken(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(await authenticateScimToken(db.db, secret, clock)).toEqual({ id: token.id, orgId: org.id, name: 'Okta', scimEnabled: true });
  });

  test('several tokens are active at once; a revoked one stops working, the other keeps working', async () => {
    const { org } = await makeOrg(db.db, { standard: 1, premium: 0 });
    const a = await createScimToken(db.db, org.id, 'old', clock);
    clock.advance(1000);
    const b = await createScimToken(db.db, org.id, 'new', clock);
    await revokeScimToken(db.db, org.id, a.token.id, clock);
    expect(await authenticateScimToken(db.db, a.secret, clock)).toBeNull();
    expect(await authenticateScimToken(db.db, b.secret, clock)).not.toBeNull();
    expect((await listScimTokens(db.db, org.id)).map((t) => [t.name, t.revokedAt !== null])).toEqual([['old', true], ['new', false]]);
  });

  test('another org cannot revoke a token it does not own', async () => {
    const { org } = await makeOrg(db.db, { standard: 1, premium: 0 });
    const other = await makeOrg(db.db, { standard: 1, premium: 0 });
    const { token, secret } = await createScimToken(db.db, org.id, 'x', clock);
    await expect(revokeScimToken(db.db, other.org.id, token.id, clock)).rejects.toMatchObject({ code: 'SCIM_TOKEN_NOT_FOUND' });
    expect(await authenticateScimToken(db.db, secret, clock)).not.toBeNull();
  });

  test('use records last_used_at', async () => {
    const { org } = await makeOrg(db.db, { standard: 1, premium: 0 });
    const { secret } = await createScimToken(db.db, org.id, 'x', clock);
    clock.advance(120_000);
    await authenticateScimToken(db.db, secret, clock);
    expect((await listScimTokens(db.db, org.id))[0]!.lastUsedAt).toBe(clock.now().toISOString());
  });

  test.each([
    ['empty', ''],
    ['wrong prefix', 'sgapi_' + 'a'.repeat(43)],
    ['right shape, unknown', 'sgscim_' + 'a'.repeat(43)],
    ['too long', 'sgscim_' + 'a'.repeat(500)],
  ])('refuses a %s token', async (_name, secret) => {
    expect(await authenticateScimToken(db.db, secret, clock)).toBeNull();
  });
});

describe('seatgate scim-token', () => {
  test('create prints the secret once; list never shows it; revoke ends it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-cli-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
    try {
      expect(await main(['org', 'create', '--name', 'Acme', '--slug', 'acme', '--domain', 'acme.test', '--standard', '2', '--premium', '0'], io, undefined, config)).toBe(0);
      expect(await main(['scim-token', 'create', '--org', 'acme', '--name', 'Okta', '--json'], io, undefined, config)).toBe(0);
      const created = JSON.parse(out.at(-1)!);
      expect(created.token).toMatch(/^sgscim_/);
      expect(await main(['scim-token', 'list', '--org', 'acme', '--json'], io, undefined, config)).toBe(0);
      expect(out.at(-1)).not.toContain(created.token);
      expect(JSON.parse(out.at(-1)!)).toHaveLength(1);
      expect(await main(['scim-token', 'revoke', '--org', 'acme', '--id', created.id, '--json'], io, undefined, config)).toBe(0);
      expect(JSON.parse(out.at(-1)!).revokedAt).not.toBeNull();
      expect(await main(['scim-token', 'revoke', '--org', 'acme', '--json'], io, undefined, config)).toBe(2);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
