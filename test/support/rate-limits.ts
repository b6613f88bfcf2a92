// Rate-limit policies for tests: limits whose window is an hour, so a test can exhaust one and
// assert on what follows without timing anything.
import type { LimitRule, RateLimitPolicy } from '../../src/http/rate-limit-policy.js';

/** `points` requests per hour and no burst pool. */
export function hourly(points: number): LimitRule {
  return { advertised: { perSecond: points, burst: points }, points, windowSeconds: 3600, burstPoints: 0, burstWindowSeconds: 60 };
}

/** Only the given classes limited (the others off); failed authentications unchecked unless given. */
export function onlyLimits(classes: Partial<RateLimitPolicy['classes']>, authFailures: RateLimitPolicy['authFailures'] = null): RateLimitPolicy {
  return { classes: { scim: null, api: null, session: null, login: null, verify: null, app: null, ...classes }, authFailures, knownSeconds: 3600 };
}
