// Small builders for test data: organizations with seats, and action contexts.
import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/schema.js';
import { createOrg } from '../../src/domain/orgs/orgs.js';
import { ManualClock, systemClock, type Clock } from '../../src/domain/clock.js';
import type { ActionContext } from '../../src/domain/context.js';
import type { ProvisioningMethod } from '../../src/db/schema.js';

export function ctx(method: ProvisioningMethod = 'admin', clock: Clock = systemClock): ActionContext {
  return { method, actor: { type: 'system', label: 'test' }, clock, requestId: 'test-request' };
}

export { ManualClock };

export function uniqueSlug(prefix = 'org'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export async function makeOrg(db: Kysely<Database>, seats: Partial<Record<string, number>>, opts: { slug?: string; domain?: string; primaryOwnerEmail?: string; clock?: Clock } = {}) {
  const slug = opts.slug ?? uniqueSlug();
  const domain = opts.domain ?? `${slug}.example.com`;
  const created = await createOrg(db, {
    name: `Org ${slug}`, slug, domains: [domain], seats,
    ...(opts.primaryOwnerEmail ? { primaryOwnerEmail: opts.primaryOwnerEmail } : {}),
  }, ctx('cli', opts.clock));
  return { ...created, domain };
}
