// What the people-facing pages need, handed over by src/http/app.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Config } from '../config.js';
import type { Clock } from '../domain/clock.js';
import type { SessionSettings } from '../sessions/settings.js';

export interface PageDeps {
  db: Kysely<Database>;
  /** 'pglite' or 'postgres': the landing page tells an operator which applies. */
  dbKind: string;
  config: Readonly<Config>;
  clock: Clock;
  session: SessionSettings;
}
