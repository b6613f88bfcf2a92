// Domains an Admin adds and proves by DNS: adding one gives a random challenge; verifying looks up
// the TXT records at _seatgate.<domain> through the configured resolver and marks the domain
// verified when one of them is exactly `seatgate-verification=<challenge>`. A verified domain
// belongs to one organization (unique index org_domains_verified_once).
import { randomBytes } from 'node:crypto';
import { inTransaction, type Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import { recordEvent } from '../log/provisioning-log.js';
import { DomainAlreadyClaimed, DomainNotFound, DomainVerificationFailed } from '../errors.js';
import { normalizeDomain } from './domains.js';

/** Looks up TXT records: each record is a list of character-strings (RFC 1035 §3.3.14). */
export interface TxtResolver { resolveTxt(name: string): Promise<string[][]> }

export const RECORD_PREFIX = '_seatgate.';
export const VALUE_PREFIX = 'seatgate-verification=';

export interface DomainInfo {
  domain: string; verified: boolean; verifiedAt: string | null; createdAt: string;
  challenge: { type: 'TXT'; name: string; value: string } | null;
}

export async function listDomains(db: Executor, orgId: string): Promise<DomainInfo[]> {
  const rows = await db.selectFrom('org_domains').selectAll().where('org_id', '=', orgId).orderBy('domain').execute();
  return rows.map(toInfo);
}

export async function addDomain(db: Executor, orgId: string, raw: string, ctx: ActionContext): Promise<DomainInfo> {
  const domain = normalizeDomain(raw);
  return inTransaction(db, async (tx) => {
    const claimed = await tx.selectFrom('org_domains').select('org_id').where('domain', '=', domain).where('verified_at', 'is not', null).executeTakeFirst();
    if (claimed && claimed.org_id !== orgId) throw new DomainAlreadyClaimed(domain);
    const existing = await tx.selectFrom('org_domains').selectAll().where('org_id', '=', orgId).where('domain', '=', domain).executeTakeFirst();
    if (existing) return toInfo(existing);
    const row = await tx.insertInto('org_domains').values({
      org_id: orgId, domain, verified_at: null, created_at: ctx.clock.now(), challenge: randomBytes(24).toString('base64url'),
    }).returningAll().executeTakeFirstOrThrow();
    await recordEvent(tx, ctx, { orgId, event: 'domain.added', subject: domain });
    return toInfo(row);
  }, { domain });
}

export async function verifyDomain(db: Executor, resolver: TxtResolver, orgId: string, raw: string, ctx: ActionContext): Promise<DomainInfo> {
  const domain = normalizeDomain(raw);
  const row = await findDomain(db, orgId, domain);
  if (row.verified_at) return toInfo(row);
  const name = RECORD_PREFIX + domain;
  const found = (await lookup(resolver, domain, name)).map((chunks) => chunks.join(''));
  if (!found.includes(VALUE_PREFIX + row.challenge)) throw new DomainVerificationFailed(domain, name, found);
  return inTransaction(db, async (tx) => {
    const updated = await tx.updateTable('org_domains').set({ verified_at: ctx.clock.now() })
      .where('org_id', '=', orgId).where('domain', '=', domain).returningAll().executeTakeFirstOrThrow();
    await recordEvent(tx, ctx, { orgId, event: 'domain.verified', subject: domain, detail: { record: name } });
    return toInfo(updated);
  }, { domain });
}

export async function removeDomain(db: Executor, orgId: string, raw: string, ctx: ActionContext): Promise<void> {
  const domain = normalizeDomain(raw);
  await inTransaction(db, async (tx) => {
    const gone = await tx.deleteFrom('org_domains').where('org_id', '=', orgId).where('domain', '=', domain).executeTakeFirst();
    if (Number(gone.numDeletedRows) !== 1) throw new DomainNotFound(domain);
    await recordEvent(tx, ctx, { orgId, event: 'domain.removed', subject: domain });
  });
}

async function findDomain(db: Executor, orgId: string, domain: string) {
  const row = await db.selectFrom('org_domains').selectAll().where('org_id', '=', orgId).where('domain', '=', domain).executeTakeFirst();
  if (!row) throw new DomainNotFound(domain);
  return row;
}

// "No such name" and "no TXT record" are answers (nothing found); a resolver that fails or does
// not answer is a verification failure the admin can retry.
async function lookup(resolver: TxtResolver, domain: string, name: string): Promise<string[][]> {
  try {
    return await resolver.resolveTxt(name);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code ?? 'EUNKNOWN';
    if (code === 'ENOTFOUND' || code === 'ENODATA') return [];
    throw new DomainVerificationFailed(domain, name, [], code);
  }
}

function toInfo(r: { domain: string; verified_at: Date | null; created_at: Date; challenge: string | null }): DomainInfo {
  return {
    domain: r.domain, verified: r.verified_at !== null, verifiedAt: r.verified_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(),
    challenge: r.challenge ? { type: 'TXT', name: RECORD_PREFIX + r.domain, value: VALUE_PREFIX + r.challenge } : null,
  };
}
