// Organization domains. A domain given by the operator (CLI, org creation) counts as verified;
// a verified domain belongs to exactly one organization (a unique index holds it).
import type { Executor } from '../storage/transaction.js';
import { InvalidInput } from '../errors.js';

const DOMAIN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function normalizeDomain(raw: string): string {
  const domain = String(raw ?? '').trim().toLowerCase().replace(/\.$/, '');
  if (domain.length > 253 || !DOMAIN.test(domain)) throw new InvalidInput('domain', `"${raw}" is not a domain name`);
  return domain;
}

export async function verifiedDomains(db: Executor, orgId: string): Promise<string[]> {
  const rows = await db.selectFrom('org_domains').select('domain')
    .where('org_id', '=', orgId).where('verified_at', 'is not', null).orderBy('domain').execute();
  return rows.map((r) => r.domain);
}

/** The organization that has verified this domain, if any (home realm discovery, JIT, invites). */
export async function orgIdForDomain(db: Executor, domain: string): Promise<string | null> {
  const row = await db.selectFrom('org_domains').select('org_id')
    .where('domain', '=', normalizeDomain(domain)).where('verified_at', 'is not', null).executeTakeFirst();
  return row?.org_id ?? null;
}
