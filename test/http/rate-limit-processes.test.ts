// Two real Seatgate processes on one PostgreSQL database with RATE_LIMIT_REDIS_URL share one
// allowance per token: a flood spread over both gets no more than one process alone would allow
// (2/s, burst 20 here), where counters in each process's memory would let through at least twice
// the burst. The Redis keys name neither the token nor its stored hash. When Redis stops under a
// running process, requests keep getting 200 or 429 (counted in memory), never a 500 or a crash.
import { createTestDatabase, describeWithServer, type TestDatabase } from '../support/databases.js';
import { startNode, waitForOutput } from '../support/processes.js';
import { REDIS_URL, deleteKeys, describeWithRedis, redisKeys, redisReachable, startPrivateRedis, uniquePrefix } from '../support/redis.js';
import { makeOrg } from '../support/fixtures.js';
import { createScimToken, hashToken } from '../../src/domain/scim-tokens/tokens.js';
import { systemClock } from '../../src/domain/clock.js';

const up = await redisReachable();

describeWithServer('rate limits across processes [postgres]', () => {
  describeWithRedis(up)('with RATE_LIMIT_REDIS_URL', () => {
    const prefix = uniquePrefix();
    let db: TestDatabase;
    const children: Array<ReturnType<typeof startNode>> = [];
    const urls: string[] = [];

    beforeAll(async () => {
      db = await createTestDatabase('postgres');
      for (let i = 0; i < 2; i++) {
        const child = startNode(['dist/main.js'], {
          DATABASE_URL: db.url!, PORT: '0', HOST: '127.0.0.1', RENEWAL_INTERVAL_SECONDS: '0', ALERT_INTERVAL_SECONDS: '0',
          RATE_LIMIT_REDIS_URL: REDIS_URL, RATE_LIMIT_REDIS_PREFIX: prefix,
          RATE_LIMIT_SCIM_PER_SECOND: '2', RATE_LIMIT_SCIM_BURST: '20',
        });
        children.push(child);
        urls.push((await waitForOutput(child, /listening on (http:\/\/\S+)/))[1]!);
      }
    });

    afterAll(async () => {
      for (const child of children) child.kill('SIGTERM');
      const ends = await Promise.all(children.map((c) => c.finished));
      await db?.close();
      await deleteKeys(prefix);
      expect(ends.map((e) => e.code)).toEqual([0, 0]);
    });

    test('a flood over both processes is held to one allowance, keyed by an opaque hash', async () => {
      const { org } = await makeOrg(db.db, { premium: 0, standard: 1 });
      const { secret } = await createScimToken(db.db, org.id, 'shared', systemClock);
      const started = performance.now();
      const statuses = await Promise.all(Array.from({ length: 120 }, (_, i) =>
        fetch(`${urls[i % 2]}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${secret}` } }).then(async (r) => { await r.arrayBuffer(); return r.status; })));
      const elapsedSeconds = (performance.now() - started) / 1000;
      const perProcess = [0, 1].map((p) => statuses.filter((st, i) => i % 2 === p && st === 200).length);
      const accepted = perProcess[0]! + perProcess[1]!;
      process.stdout.write(`two processes, one token: ${accepted} of 120 accepted (${perProcess.join(' + ')}) in ${elapsedSeconds.toFixed(1)} s\n`);

      expect(statuses.every((st) => st === 200 || st === 429)).toBe(true);
      expect(accepted).toBeGreaterThanOrEqual(20);
      // One allowance: 2 per one-second window plus the pool of 18, whichever process answers.
      expect(accepted).toBeLessThanOrEqual(2 * (Math.floor(elapsedSeconds) + 1) + 18 * (Math.floor(elapsedSeconds / 60) + 1));
      // Counters in each process's memory would let each side through at least its own burst of 20.
      expect(Math.min(...perProcess)).toBeLessThan(20);

      const keys = await redisKeys(prefix);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).not.toContain(secret);
        expect(key).not.toContain(hashToken(secret));
        expect(key).not.toContain(Buffer.from(hashToken(secret), 'hex').toString('base64url').slice(0, 16));
      }
    });

    test('when Redis stops, a running process answers 200 or 429 within the limits, never 500, and carries on', async () => {
      const redis = await startPrivateRedis();
      const child = startNode(['dist/main.js'], {
        DATABASE_URL: db.url!, PORT: '0', HOST: '127.0.0.1', RENEWAL_INTERVAL_SECONDS: '0', ALERT_INTERVAL_SECONDS: '0',
        RATE_LIMIT_REDIS_URL: redis.url, RATE_LIMIT_SCIM_PER_SECOND: '2', RATE_LIMIT_SCIM_BURST: '20', LOG_LEVEL: 'warn',
      });
      try {
        const url = (await waitForOutput(child, /listening on (http:\/\/\S+)/))[1]!;
        const { org } = await makeOrg(db.db, { premium: 0, standard: 1 });
        const { secret } = await createScimToken(db.db, org.id, 'outage', systemClock);
        const burst = () => Promise.all(Array.from({ length: 40 }, () =>
          fetch(`${url}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${secret}` } }).then(async (r) => { await r.arrayBuffer(); return r.status; })));
        const before = await burst();
        await redis.stop();
        const during = await burst();
        for (const statuses of [before, during]) {
          expect(statuses.every((st) => st === 200 || st === 429)).toBe(true);
          expect(statuses.filter((st) => st === 429).length).toBeGreaterThan(0);
        }
        await waitForOutput(child, /rate-limit store unreachable/);
        expect(child.exitCode).toBeNull();
      } finally {
        child.kill('SIGTERM');
        const end = await child.finished;
        await redis.stop();
        expect(end.code).toBe(0);
      }
    });
  });
});
