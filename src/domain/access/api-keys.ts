// Org API keys for the admin API. A key acts with its role (owner or admin) in its org only.
// Lookup is by hash (unique index); the comparison after the lookup is constant-time.
import type { Executor } from '../storage/transaction.js';
import type { Clock } from '../clock.js';
import { InvalidInput, Unauthenticated } from '../errors.js';
import { hashSecret, issueSecret, looksLike, sameHash } from './secrets.js';
import { isUuid } from '../ids.js';

export const API_KEY_KIND = 'sgkey';

export interface ApiKeyInfo { id: string; orgId: string; name: string; role: 'owner' | 'admin'; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

export async function createApiKey(db: Executor, orgId: string, role: string, name: string, clock: Clock): Promise<{ key: ApiKeyInfo; secret: string }> {
  if (role !== 'owner' && role !== 'admin') throw new InvalidInput('role', 'must be owner or admin');
  const label = name.trim();
  if (!label || label.length > 100) throw new InvalidInput('name', 'is required, at most 100 characters');
  const issued = issueSecret(API_KEY_KIND);
  const row = await db.insertInto('api_keys').values({
    org_id: orgId, name: label, role, prefix: issued.prefix, secret_hash: issued.hash, created_at: clock.now(),
  }).returningAll().executeTakeFirstOrThrow();
  return { key: toInfo(row), secret: issued.secret };
}

export async function listApiKeys(db: Executor, orgId: string): Promise<ApiKeyInfo[]> {
  const rows = await db.selectFrom('api_keys').selectAll().where('org_id', '=', orgId).orderBy('created_at').execute();
  return rows.map(toInfo);
}

export async function revokeApiKey(db: Executor, orgId: string, id: string, clock: Clock): Promise<ApiKeyInfo> {
  const row = isUuid(id) ? await db.updateTable('api_keys').set({ revoked_at: clock.now() })
    .where('id', '=', id).where('org_id', '=', orgId).where('revoked_at', 'is', null).returningAll().executeTakeFirst() : undefined;
  if (!row) throw new InvalidInput('id', `no active API key ${id} in this organization`);
  return toInfo(row);
}

/** The key a presented secret names, or Unauthenticated. Updates last-used at most once a minute. */
export async function authenticateApiKey(db: Executor, presented: unknown, clock: Clock): Promise<ApiKeyInfo> {
  if (!looksLike(API_KEY_KIND, presented)) throw new Unauthenticated();
  const hash = hashSecret(presented);
  const row = await db.selectFrom('api_keys').selectAll().where('secret_hash', '=', hash).executeTakeFirst();
  if (!row || row.revoked_at || !sameHash(row.secret_hash, hash)) throw new Unauthenticated();
  const now = clock.now();
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
    row.last_used_at = now;
  }
  return toInfo(row);
}

function toInfo(r: { id: string; org_id: string; name: string; role: 'owner' | 'admin'; prefix: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }): ApiKeyInfo {
  return {
    id: r.id, orgId: r.org_id, name: r.name, role: r.role, prefix: r.prefix, createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}
