// What the OpenID Provider edge needs from the app, handed over by src/http/app.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logger.js';
import type { SessionSettings } from '../sessions/settings.js';

export interface OpDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  /** The issuer: PUBLIC_URL, so discovery is at PUBLIC_URL/.well-known/openid-configuration. */
  publicUrl: string;
  returnOrigins: readonly string[];
  trustProxy: boolean;
  session: SessionSettings;
  /** How often each process checks the signing keys for a rotation made elsewhere. */
  keyRefreshMs: number;
  /** Lets back-channel logouts reach loopback and private addresses (WEBHOOK_ALLOW_PRIVATE). */
  allowPrivateTargets: boolean;
}
