// What the SSO edge needs from the app, handed over by src/http/app.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Config } from '../config.js';
import type { Clock } from '../domain/clock.js';
import type { SessionSettings } from '../sessions/settings.js';
import type { SpSettings } from './saml/service-provider.js';

export interface SsoDeps {
  db: Kysely<Database>;
  config: Readonly<Config>;
  clock: Clock;
  session: SessionSettings;
  sp: SpSettings;
}

export function ssoDeps(db: Kysely<Database>, config: Readonly<Config>, clock: Clock, session: SessionSettings): SsoDeps {
  return {
    db, config, clock, session,
    sp: { publicUrl: config.publicUrl, clockSkewMs: config.ssoClockSkewMs, signing: config.samlSpSigning, decryption: config.samlSpDecryption },
  };
}
