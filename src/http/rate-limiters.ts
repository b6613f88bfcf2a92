// The counters behind the rate-limit policy, built on rate-limiter-flexible: one bursty limiter
// per class, the failed-authentication counter per client address, and the set of credentials that
// authenticated recently. With Redis each limiter is a RateLimiterRedis (atomic Lua, shared by all
// processes) insured by a RateLimiterMemory of the same shape, which takes over while Redis is
// unreachable. Keys are opaque hashes made by the caller; nothing here sees a secret.
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimitClass, LimitRule, RateLimitPolicy } from './rate-limit-policy.js';
import type { RateLimitStore } from './rate-limit-store.js';

export interface RateLimiters {
  /** Takes one request from `key`'s allowance: null when allowed, else the seconds to wait. */
  take(cls: LimitClass, key: string): Promise<number | null>;
  /** Seconds until `address` may authenticate with an unknown credential again, or null. */
  failureWait(address: string): Promise<number | null>;
  recordFailure(address: string): Promise<void>;
  isKnown(credential: string): Promise<boolean>;
  markKnown(credential: string): Promise<void>;
}

type Limiter = Pick<RateLimiterAbstract, 'consume'>;

/** Local memory of known credentials, so a busy token marks itself in Redis rarely. */
const KNOWN_CACHE_MAX = 50_000;
const KNOWN_REFRESH_MS = 10 * 60_000;

export function createRateLimiters(policy: RateLimitPolicy, store: RateLimitStore): RateLimiters {
  const make = (name: string, points: number, duration: number): RateLimiterAbstract => {
    const keyPrefix = `${store.prefix}${name}`;
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    if (!store.redis) return memory;
    return new RateLimiterRedis({ storeClient: store.redis, keyPrefix, points, duration, rejectIfRedisNotReady: true, insuranceLimiter: memory });
  };
  const classes = new Map<LimitClass, Limiter>();
  for (const [cls, rule] of Object.entries(policy.classes) as Array<[LimitClass, LimitRule | null]>) {
    if (rule) classes.set(cls, bursty(cls, rule, make));
  }
  const failures = policy.authFailures ? make('auth-failures', policy.authFailures.points, policy.authFailures.windowSeconds) : null;
  const known = make('known', 1, policy.knownSeconds);
  const knownLocally = new Map<string, number>();
  const rememberLocally = (credential: string, now: number) => {
    knownLocally.delete(credential);
    knownLocally.set(credential, now);
    if (knownLocally.size > KNOWN_CACHE_MAX) knownLocally.delete(knownLocally.keys().next().value!);
  };
  const knownSecondsMs = policy.knownSeconds * 1000;

  return {
    async take(cls, key) {
      const limiter = classes.get(cls);
      if (!limiter) return null;
      try {
        await limiter.consume(key);
        return null;
      } catch (rej) {
        if (rej instanceof RateLimiterRes) return waitSeconds(rej.msBeforeNext);
        throw rej;
      }
    },
    async failureWait(address) {
      if (!failures || !policy.authFailures) return null;
      const res = await failures.get(address);
      return res && res.consumedPoints >= policy.authFailures.points ? waitSeconds(res.msBeforeNext) : null;
    },
    async recordFailure(address) {
      await failures?.penalty(address);
    },
    async isKnown(credential) {
      const now = Date.now();
      const seen = knownLocally.get(credential);
      if (seen !== undefined && now - seen < knownSecondsMs) return true;
      const res = await known.get(credential);
      if (!res || res.consumedPoints < 1) return false;
      rememberLocally(credential, now);
      return true;
    },
    async markKnown(credential) {
      const now = Date.now();
      const seen = knownLocally.get(credential);
      if (seen !== undefined && now - seen < KNOWN_REFRESH_MS) return;
      rememberLocally(credential, now);
      await known.set(credential, 1, policy.knownSeconds);
    },
  };
}

function bursty(cls: LimitClass, rule: LimitRule, make: (name: string, points: number, duration: number) => RateLimiterAbstract): Limiter {
  const steady = make(cls, rule.points, rule.windowSeconds);
  if (rule.burstPoints === 0) return steady;
  return new BurstyRateLimiter(steady, make(`${cls}-burst`, rule.burstPoints, rule.burstWindowSeconds));
}

/** Retry-After is whole seconds, at least 1 (RFC 9110 §10.2.3). */
function waitSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
