// The small parts of rate limiting: the rate-limit variables (defaults that hold Microsoft's 25
// requests/second per tenant, a burst never below the rate, 0 turning a class off), the client
// address a limit counts against (IPv6 by its /64), and the 429 each edge renders.
import { loadConfig, ConfigError } from '../../src/config.js';
import { addressKey } from '../../src/http/client-address.js';
import { toPublicError } from '../../src/web/render-error.js';
import { toScimError, renderBody } from '../../src/scim/scim-error.js';
import { RateLimited } from '../../src/domain/errors.js';
import { policyFromSettings } from '../../src/http/rate-limit-policy.js';

describe('rate-limit configuration', () => {
  test('defaults: 50/s with bursts of 200 per SCIM token, well above 25/s per tenant; in memory', () => {
    expect(loadConfig({}).rateLimits).toEqual({
      redisUrl: undefined, redisPrefix: 'seatgate:rl:',
      scim: { perSecond: 50, burst: 200 }, api: { perSecond: 20, burst: 100 }, session: { perSecond: 10, burst: 50 },
      login: { perSecond: 30, burst: 300 }, verify: { perSecond: 100, burst: 1000 }, app: { perSecond: 100, burst: 500 }, authFailuresPerMinute: 60,
    });
  });

  test('reads every variable; a burst defaults to a multiple of its rate; 0 turns a class off', () => {
    expect(loadConfig({
      RATE_LIMIT_REDIS_URL: 'rediss://:pw@cache.internal:6380/2', RATE_LIMIT_REDIS_PREFIX: 'sg:prod:',
      RATE_LIMIT_SCIM_PER_SECOND: '100', RATE_LIMIT_API_PER_SECOND: '5', RATE_LIMIT_API_BURST: '5',
      RATE_LIMIT_SESSION_PER_SECOND: '0', RATE_LIMIT_LOGIN_BURST: '1000', RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0',
      RATE_LIMIT_VERIFY_PER_SECOND: '500', RATE_LIMIT_APP_PER_SECOND: '0',
    }).rateLimits).toEqual({
      redisUrl: 'rediss://:pw@cache.internal:6380/2', redisPrefix: 'sg:prod:',
      scim: { perSecond: 100, burst: 400 }, api: { perSecond: 5, burst: 5 }, session: null,
      login: { perSecond: 30, burst: 1000 }, verify: { perSecond: 500, burst: 5000 }, app: null, authFailuresPerMinute: 0,
    });
  });

  test.each([
    ['RATE_LIMIT_REDIS_URL', 'http://cache:6379'], ['RATE_LIMIT_SCIM_PER_SECOND', '-1'], ['RATE_LIMIT_SCIM_PER_SECOND', 'fast'],
    ['RATE_LIMIT_API_BURST', '0'], ['RATE_LIMIT_REDIS_PREFIX', 'has space'], ['RATE_LIMIT_AUTH_FAILURES_PER_MINUTE', '1.5'],
  ])('stops on %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Configuration error: ${name} must be `));
  });

  test('a burst below its rate stops start-up, naming both variables', () => {
    expect(() => loadConfig({ RATE_LIMIT_SCIM_BURST: '10' })).toThrow(ConfigError);
    expect(() => loadConfig({ RATE_LIMIT_SCIM_BURST: '10' }))
      .toThrow('Configuration error: RATE_LIMIT_SCIM_BURST must be at least RATE_LIMIT_SCIM_PER_SECOND (50) (got "10")');
  });

  test('the policy: the rate per one-second window, the rest of the burst as a pool per minute', () => {
    const policy = policyFromSettings(loadConfig({ RATE_LIMIT_API_PER_SECOND: '0' }).rateLimits);
    expect(policy.classes.scim).toEqual({ advertised: { perSecond: 50, burst: 200 }, points: 50, windowSeconds: 1, burstPoints: 150, burstWindowSeconds: 60 });
    expect(policy.classes.api).toBeNull();
    expect(policy.authFailures).toEqual({ points: 60, windowSeconds: 60 });
  });
});

describe('the client address a limit counts against', () => {
  test.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::ffff:cb00:7107', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff::1', '2001:db8:1:2::/64'],
    ['2001:DB8:0:0::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['64:ff9b::198.51.100.1', '64:ff9b:0:0::/64'],
    [undefined, 'unknown'],
    ['not-an-address', 'unknown'],
  ])('%s counts as %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});

describe('the 429 each edge renders', () => {
  const err = new RateLimited('scim_token', 3, { perSecond: 50, burst: 200 });

  test('SCIM: status "429" without scimType, the detail for the IT admin, Retry-After', () => {
    const body = toScimError(err, 'r1');
    expect(body).toEqual({ status: 429, scimType: undefined, code: 'RATE_LIMITED', retryAfter: 3, detail: err.message });
    expect(renderBody(body)).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429', detail: err.message });
    expect(err.message).toBe('This SCIM token sent more than 50 requests per second (bursts up to 200). This request was not processed and changed nothing; retry after 3 s. If it keeps happening, lower the client\'s concurrency or ask the Seatgate operator to raise the limit.');
  });

  test('admin API and pages: 429 RATE_LIMITED with Retry-After', () => {
    expect(toPublicError(err)).toEqual({ status: 429, code: 'RATE_LIMITED', title: 'Too many requests', message: err.message, retryAfter: 3 });
    expect(toPublicError(new RateLimited('client_address', 42, null))).toMatchObject({
      status: 429, retryAfter: 42, message: expect.stringMatching(/^Too many failed authentications came from your network address/),
    });
  });
});
