// The counters behind the limits, in memory and on real Redis: a burst of B passes at once and
// the next request waits about a second; keys are independent; two sets of limiters on one Redis
// (two processes) share one allowance; and when Redis is unreachable — from the start or stopped
// under load — the limits still hold, counted in memory, without an error or a hang, logged once.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createRateLimiters, type RateLimiters } from '../../src/http/rate-limiters.js';
import { memoryRateLimitStore, openRateLimitStore, type RateLimitStore } from '../../src/http/rate-limit-store.js';
import type { RateLimitPolicy } from '../../src/http/rate-limit-policy.js';
import { REDIS_URL, deleteKeys, describeWithRedis, redisKeys, redisReachable, startPrivateRedis, uniquePrefix } from '../support/redis.js';

/** 5/s with a burst of 20: 5 per one-second window plus 15 extra per minute. */
const POLICY: RateLimitPolicy = {
  classes: { scim: { advertised: { perSecond: 5, burst: 20 }, points: 5, windowSeconds: 1, burstPoints: 15, burstWindowSeconds: 60 }, api: null, session: null, login: null, verify: null, app: null },
  authFailures: { points: 3, windowSeconds: 60 },
  knownSeconds: 3600,
};

async function takeMany(limiters: RateLimiters, key: string, n: number): Promise<Array<number | null>> {
  const out: Array<number | null> = [];
  for (let i = 0; i < n; i++) out.push(await limiters.take('scim', key));
  return out;
}

function capturedLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { logger: pino({ level: 'info' }, stream), lines };
}

function behavesAsPolicy(name: string, open: () => RateLimitStore) {
  describe(name, () => {
    let store: RateLimitStore;
    let limiters: RateLimiters;
    beforeAll(() => { store = open(); limiters = createRateLimiters(POLICY, store); });
    afterAll(async () => { await store.close(); });

    test('a burst of 20 passes at once and the 21st waits a whole second', async () => {
      const results = await takeMany(limiters, 'token-a', 21);
      expect(results.slice(0, 20)).toEqual(Array(20).fill(null));
      expect(results[20]).toBe(1);
    });

    test('each key has its own allowance', async () => {
      expect(await takeMany(limiters, 'token-b', 20)).toEqual(Array(20).fill(null));
    });

    test('failed authentications are counted per address up to the budget', async () => {
      expect(await limiters.failureWait('addr-1')).toBeNull();
      for (let i = 0; i < 3; i++) await limiters.recordFailure('addr-1');
      const wait = await limiters.failureWait('addr-1');
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(60);
      expect(await limiters.failureWait('addr-2')).toBeNull();
    });

    test('a credential marked as known stays known', async () => {
      expect(await limiters.isKnown('cred-1')).toBe(false);
      await limiters.markKnown('cred-1');
      expect(await limiters.isKnown('cred-1')).toBe(true);
    });
  });
}

behavesAsPolicy('rate limiters in memory', memoryRateLimitStore);

const up = await redisReachable();
const prefix = uniquePrefix();

describeWithRedis(up)('rate limiters on Redis', () => {
  const { logger } = capturedLogger();
  afterAll(async () => { await deleteKeys(prefix); });

  behavesAsPolicy('one process', () => openRateLimitStore({ redisUrl: REDIS_URL, redisPrefix: `${prefix}one:` }, logger));

  test('two sets of limiters on one Redis share one allowance, as two processes do', async () => {
    const shared = `${prefix}two:`;
    const a = openRateLimitStore({ redisUrl: REDIS_URL, redisPrefix: shared }, logger);
    const b = openRateLimitStore({ redisUrl: REDIS_URL, redisPrefix: shared }, logger);
    try {
      await Promise.all([a.redis!, b.redis!].map((r) => new Promise((resolve) => (r.status === 'ready' ? resolve(null) : r.once('ready', resolve)))));
      const [la, lb] = [createRateLimiters(POLICY, a), createRateLimiters(POLICY, b)];
      const results = [...await takeMany(la, 'token', 10), ...await takeMany(lb, 'token', 10)];
      expect(results).toEqual(Array(20).fill(null));
      expect(await la.take('scim', 'token')).toBe(1);
      expect(await lb.take('scim', 'token')).toBe(1);
      expect((await redisKeys(shared)).sort()).toEqual([`${shared}scim-burst:token`, `${shared}scim:token`]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('with Redis unreachable from the start, limits hold in memory and the outage is logged once', async () => {
    const { logger: quiet, lines } = capturedLogger();
    const store = openRateLimitStore({ redisUrl: 'redis://127.0.0.1:1', redisPrefix: prefix }, quiet);
    try {
      const limiters = createRateLimiters(POLICY, store);
      const results = await takeMany(limiters, 'token', 21);
      expect(results.slice(0, 20)).toEqual(Array(20).fill(null));
      expect(results[20]).toBe(1);
      await new Promise((r) => setTimeout(r, 600)); // a few reconnect attempts
      const warnings = lines.filter((l) => l.level === 40);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.msg).toMatch(/rate-limit store unreachable/);
    } finally {
      await store.close();
    }
  });

  test('when Redis stops under load, requests keep getting answers within the limits, and it recovers', async () => {
    const redis = await startPrivateRedis();
    const { logger: watched, lines } = capturedLogger();
    const store = openRateLimitStore({ redisUrl: redis.url, redisPrefix: 'p:' }, watched);
    try {
      await new Promise((resolve) => (store.redis!.status === 'ready' ? resolve(null) : store.redis!.once('ready', resolve)));
      const limiters = createRateLimiters(POLICY, store);
      expect(await takeMany(limiters, 'before', 3)).toEqual([null, null, null]);
      await redis.stop();
      const started = Date.now();
      const during = await takeMany(limiters, 'during', 21);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(during.slice(0, 20)).toEqual(Array(20).fill(null));
      expect(during[20]).toBe(1);
      await redis.restart();
      await new Promise<void>((resolve) => store.redis!.once('ready', () => resolve()));
      expect(await takeMany(limiters, 'after', 1)).toEqual([null]);
      expect(await redisKeys('p:', redis.url)).toContain('p:scim:after');
      expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining([
        expect.stringMatching(/rate-limit store unreachable/), expect.stringMatching(/reachable again/),
      ]));
    } finally {
      await store.close();
      await redis.stop();
    }
  });
});
