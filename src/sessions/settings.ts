// What the session edge needs, built once per app from the configuration: the database and clock,
// the cookie's signing key (loaded on first use, retried after a failure), the idle and absolute
// limits, and whether the cookie is Secure (PUBLIC_URL on https).
import type { Executor } from '../domain/storage/transaction.js';
import type { Config } from '../config.js';
import type { Clock } from '../domain/clock.js';
import type { SessionPolicy } from '../domain/sessions/sessions.js';
import type { CookieSettings } from './session-cookie.js';
import { sessionKey } from './signing-key.js';

export interface SessionSettings extends CookieSettings, SessionPolicy {
  db: Executor;
  clock: Clock;
}

export function sessionSettings(db: Executor, config: Readonly<Config>, clock: Clock): SessionSettings {
  let key: Promise<Uint8Array> | null = null;
  const loadKey = () => (key ??= sessionKey(db, config.sessionSecret, clock).catch((err) => { key = null; throw err; }));
  return {
    db, clock, key: loadKey, secure: config.publicUrl.startsWith('https:'), domain: config.sessionCookieDomain,
    idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs,
  };
}
