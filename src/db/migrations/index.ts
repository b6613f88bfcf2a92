// Every migration, in order. Names sort lexically; a migration is never edited once released.
// Ranges keep parallel work apart: 0001-0099 foundation, 0100+ SCIM, 0200+ SSO, 0300+ billing.
import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.js';
import * as sso from './0200-sso.js';

export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0200-sso': sso,
};
