// What the SSO edge needs from the app, handed over by src/http/app.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Config } from '../config.js';
import type { Clock } from '../domain/clock.js';
import type { SessionSettings } from './session/session-cookie.js';
import type { SpSettings } from './saml/service-provider.js';
import { sessionKey } from './session/signing-key.js';

export interface SsoDeps {
  db: Kysely<Database>;
  config: Readonly<Config>;
  clock: Clock;
  session: SessionSettings;
  sp: SpSettings;
}

export function ssoDeps(db: Kysely<Database>, config: Readonly<Config>, clock: Clock): SsoDeps {
  let key: Promise<Uint8Array> | null = null;
  const loadKey = () => (key ??= sessionKey(db, config.sessionSecret, clock).catch((err) => { key = null; throw err; }));
  return {
    db, config, clock,
    session: { key: loadKey, idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs, secure: config.publicUrl.startsWith('https:') },
    sp: { publicUrl: config.publicUrl, clockSkewMs: config.ssoClockSkewMs, signing: config.samlSpSigning, decryption: config.samlSpDecryption },
  };
}
