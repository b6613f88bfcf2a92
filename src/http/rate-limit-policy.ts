// The rate-limit policy: how many requests each class of caller may make, per key (a credential
// or a client address). A class with `perSecond` N and `burst` B allows N requests in every
// one-second window plus a shared allowance of B − N extra requests per BURST_WINDOW_SECONDS: from
// idle a burst of B passes at once, a steady N/s always passes, and over any longer stretch a key
// gets at most N/s + (B − N)/60 s (rate-limiter-flexible's BurstyRateLimiter, fixed windows).
import type { RateLimit, RateLimitSettings } from '../config.js';
import type { RateLimitedCredential } from '../domain/errors.js';

export type LimitClass = 'scim' | 'api' | 'session' | 'login' | 'verify' | 'app';

export interface LimitRule {
  /** What the operator configured, quoted in the 429's message. */
  advertised: RateLimit;
  points: number;
  windowSeconds: number;
  /** Extra requests per burst window once a one-second window is used up; 0 = no burst pool. */
  burstPoints: number;
  burstWindowSeconds: number;
}

export interface FailureRule { points: number; windowSeconds: number }

export interface RateLimitPolicy {
  classes: Record<LimitClass, LimitRule | null>;
  /** Failed authentications per client address before unknown credentials are refused. */
  authFailures: FailureRule | null;
  /** How long a credential that authenticated stays "known" (exempt from the failure check). */
  knownSeconds: number;
}

export const BURST_WINDOW_SECONDS = 60;
const FAILURE_WINDOW_SECONDS = 60;
const KNOWN_SECONDS = 3600;

/** Whose limit a class counts against, as the 429 names it. */
export const CLASS_CREDENTIAL: Record<LimitClass, RateLimitedCredential> = {
  scim: 'scim_token', api: 'api_key', session: 'session', login: 'client_address', verify: 'session', app: 'app_client',
};

export function policyFromSettings(s: RateLimitSettings): RateLimitPolicy {
  return {
    classes: { scim: rule(s.scim), api: rule(s.api), session: rule(s.session), login: rule(s.login), verify: rule(s.verify), app: rule(s.app) },
    authFailures: s.authFailuresPerMinute > 0 ? { points: s.authFailuresPerMinute, windowSeconds: FAILURE_WINDOW_SECONDS } : null,
    knownSeconds: KNOWN_SECONDS,
  };
}

function rule(limit: RateLimit | null): LimitRule | null {
  if (!limit) return null;
  return {
    advertised: limit, points: limit.perSecond, windowSeconds: 1,
    burstPoints: limit.burst - limit.perSecond, burstWindowSeconds: BURST_WINDOW_SECONDS,
  };
}
