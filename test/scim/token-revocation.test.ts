// SCIM tokens are cached in memory per process (src/domain/scim-tokens/token-cache.ts); a
// revocation committed anywhere stops the token everywhere within 1 s, long before the cache's
// own expiry (set to 60 s here so that only the invalidation can explain a prompt 401). The
// "silent" revocations (triggers off for one transaction) show the cache really answers without
// the database — without them these tests could pass with no cache at all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { describeWithServer, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { runNode, startNode, waitForOutput } from '../support/processes.js';
import { makeOrg } from '../support/fixtures.js';
import { createScimToken, revokeScimToken } from '../../src/domain/scim-tokens/tokens.js';
import { systemClock } from '../../src/domain/clock.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startTokenCache, type CachedTokens } from '../../src/http/token-invalidation.js';
import type { Database } from '../../src/db/schema.js';

const EFFECTIVE_WITHIN_MS = 1000;

const status = async (base: string, token: string) =>
  (await fetch(`${base}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${token}` } })).status;

/** How long until `base` refuses `token` (polling every 25 ms), or Infinity if not within `limitMs`. */
async function msUntilRefused(base: string, token: string, since: number, limitMs = 5000): Promise<number> {
  while (performance.now() - since < limitMs) {
    if ((await status(base, token)) === 401) return performance.now() - since;
    await sleep(25);
  }
  return Infinity;
}

/** Revokes with the NOTIFY triggers off for this one transaction: only the cache's expiry could notice. */
async function revokeSilently(db: Kysely<Database>, tokenId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    await tx.updateTable('scim_tokens').set({ revoked_at: new Date() }).where('id', '=', tokenId).execute();
  });
}

describeWithServer('SCIM token revocation across two server processes [postgres]', () => {
  let db: TestDatabase;
  const servers: Array<ReturnType<typeof startNode>> = [];
  const urls: string[] = [];
  let orgId: string;

  beforeAll(async () => {
    db = await createTestDatabase('postgres', 4);
    orgId = (await makeOrg(db.db, { premium: 0, standard: 5 })).org.id;
    for (let i = 0; i < 2; i++) {
      const child = startNode(['dist/main.js'], {
        DATABASE_URL: db.url!, PORT: '0', HOST: '127.0.0.1', DATABASE_POOL_MAX: '3', RENEWAL_INTERVAL_SECONDS: '0', ALERT_INTERVAL_SECONDS: '0',
        SCIM_TOKEN_CACHE_SECONDS: '60',
      });
      servers.push(child);
      urls.push((await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 150_000))[1]!);
    }
  }, 300_000);
  afterAll(async () => {
    for (const child of servers) { child.kill('SIGTERM'); await child.finished; }
    await db?.close();
  });

  test('a token both processes have cached keeps working after a revocation nobody announces (the cache answers)', async () => {
    const { token, secret } = await createScimToken(db.db, orgId, 'silent', systemClock);
    for (const url of urls) expect(await status(url, secret)).toBe(200);
    await revokeSilently(db.db, token.id);
    for (const url of urls) expect(await status(url, secret)).toBe(200);
  });

  test('a revocation committed by a third process stops the token on both processes within 1 s of its commit', async () => {
    const { token, secret } = await createScimToken(db.db, orgId, 'revoked', systemClock);
    const other = await createScimToken(db.db, orgId, 'kept', systemClock);
    for (const url of urls) { expect(await status(url, secret)).toBe(200); expect(await status(url, other.secret)).toBe(200); }
    await revokeScimToken(db.db, orgId, token.id, systemClock);
    const since = performance.now();
    for (const url of urls) expect(await msUntilRefused(url, secret, since)).toBeLessThan(EFFECTIVE_WITHIN_MS);
    for (const url of urls) expect(await status(url, other.secret)).toBe(200);
  });

  test('turning SCIM off for the org refuses its cached tokens on both processes within 1 s', async () => {
    const org = await makeOrg(db.db, { premium: 0, standard: 1 });
    const { secret } = await createScimToken(db.db, org.org.id, 'switch', systemClock);
    for (const url of urls) expect(await status(url, secret)).toBe(200);
    await db.db.updateTable('organizations').set({ scim_enabled: false }).where('id', '=', org.org.id).execute();
    const since = performance.now();
    for (const url of urls) {
      let refused = Infinity;
      while (performance.now() - since < 5000) { if ((await status(url, secret)) === 403) { refused = performance.now() - since; break; } await sleep(25); }
      expect(refused).toBeLessThan(EFFECTIVE_WITHIN_MS);
    }
  });
});

describe('SCIM token revocation from the CLI through the shared socket [pglite]', () => {
  let dataDir: string;
  let handle: DatabaseHandle;
  let tokens: CachedTokens;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-tokcache-'));
    handle = await openDatabase({ dataDir });
    await migrateToLatest(handle.db);
    await handle.shareSocket!();
    tokens = (await startTokenCache(handle, 60_000, createLogger('silent', 2)))!;
    server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = Object.freeze({ ...loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir }), publicUrl: base });
    server.on('request', createApp({ db: handle.db, dbKind: 'pglite', config, logger: createLogger('silent', 2), clock: systemClock, scimTokenCache: tokens.cache }));
  }, 120_000);
  afterAll(async () => {
    await new Promise<void>((r) => { server?.closeAllConnections(); server?.close(() => r()); });
    await tokens?.close();
    await handle?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('the cache answers for a token whose revocation nobody announces', async () => {
    const { org } = await makeOrg(handle.db, { premium: 0, standard: 1 });
    const { token, secret } = await createScimToken(handle.db, org.id, 'silent', systemClock);
    expect(await status(base, secret)).toBe(200);
    await revokeSilently(handle.db, token.id);
    expect(await status(base, secret)).toBe(200);
  });

  test('`seatgate scim-token revoke` run while the server holds DATA_DIR stops the token within 1 s of its commit (NOTIFY on the one PGlite session)', async () => {
    const { org } = await makeOrg(handle.db, { premium: 0, standard: 1 });
    const { token, secret } = await createScimToken(handle.db, org.id, 'cli', systemClock);
    expect(await status(base, secret)).toBe(200);
    // A real second process: in this one the CLI would not see the server's lock as another's.
    const cli = await runNode(['bin/seatgate.js', 'scim-token', 'revoke', '--org', org.slug, '--id', token.id, '--json'], { DATA_DIR: dataDir });
    expect(cli).toMatchObject({ code: 0 });
    const since = performance.now();
    expect(await msUntilRefused(base, secret, since)).toBeLessThan(EFFECTIVE_WITHIN_MS);
  });
});
