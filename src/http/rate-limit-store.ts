// Where rate-limit counters live: each process's memory by default, or one Redis shared by every
// process when RATE_LIMIT_REDIS_URL is set. The Redis client never queues or waits: while Redis is
// unreachable each command fails at once (or after COMMAND_TIMEOUT_MS) and the limiters fall back
// to counting in this process's memory (their insuranceLimiter), so requests are neither refused
// with 500 nor held up. The outage and the recovery are each logged once.
import { Redis } from 'ioredis';
import type { RateLimitSettings } from '../config.js';
import type { Logger } from '../logger.js';

export interface RateLimitStore {
  /** The shared store, or null when counters stay in this process. */
  redis: Redis | null;
  /** Prepended to every Redis key (RATE_LIMIT_REDIS_PREFIX). */
  prefix: string;
  /**
   * Settles once the first connection attempt has: true when Redis is ready, false when it failed
   * or took longer than the connect timeout (the limits then start in memory). Awaited before
   * listening, so the limits are shared from the first request.
   */
  connected: Promise<boolean>;
  close(): Promise<void>;
}

const COMMAND_TIMEOUT_MS = 2000;
const CONNECT_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 5000;

export function memoryRateLimitStore(): RateLimitStore {
  return { redis: null, prefix: '', connected: Promise.resolve(false), close: async () => {} };
}

export function openRateLimitStore(settings: Pick<RateLimitSettings, 'redisUrl' | 'redisPrefix'>, logger: Logger): RateLimitStore {
  if (!settings.redisUrl) return memoryRateLimitStore();
  const redis = new Redis(settings.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // How long close() lets a half-closed socket linger before destroying it (default 2 s).
    disconnectTimeout: 200,
    retryStrategy: (times) => Math.min(times * 200, MAX_RECONNECT_DELAY_MS),
  });
  const where = redactedUrl(settings.redisUrl);
  let reachable: boolean | null = null;
  let closing = false;
  redis.on('ready', () => {
    if (reachable === false) logger.info({ store: where }, 'rate-limit store reachable again; limits are shared across processes');
    else if (reachable === null) logger.info({ store: where }, 'rate-limit store connected; limits are shared across processes');
    reachable = true;
  });
  const lost = (reason: string) => {
    if (reachable === false) return;
    reachable = false;
    logger.warn({ store: where, reason }, 'rate-limit store unreachable; each process counts in its own memory until it is back');
  };
  redis.on('error', (err: Error) => lost(err.message));
  redis.on('close', () => { if (!closing) lost('connection closed'); });
  const connected = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), CONNECT_TIMEOUT_MS);
    timer.unref();
    redis.once('ready', () => { clearTimeout(timer); resolve(true); });
    redis.once('error', () => { clearTimeout(timer); resolve(false); });
  });
  return {
    redis, prefix: settings.redisPrefix, connected,
    close: async () => { closing = true; redis.disconnect(false); },
  };
}

/** The URL without its password, for logs. */
function redactedUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
