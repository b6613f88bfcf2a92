// SCIM bearer tokens: secrets of kind `sgscim` (src/domain/access/secrets.ts: 32 random bytes
// behind a prefix scanners recognise, stored only as a SHA-256 hash, compared in constant time),
// shown once at creation, revocable, several active per org for rotation, with a last-used time.
import { hashSecret, issueSecret, looksLike, sameHash } from '../access/secrets.js';
import type { Executor } from '../storage/transaction.js';
import type { ScimToken } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { InvalidInput, ScimTokenNotFound } from '../errors.js';
import { isUuid } from '../ids.js';

export const TOKEN_KIND = 'sgscim';
/** last_used_at is refreshed at most this often, so a busy IdP does not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface TokenSummary {
  id: string;
  orgId: string;
  name: string;
  /** The first characters of the secret, enough to recognise it, never enough to use it. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuthenticatedToken { id: string; orgId: string; name: string; /** The org's SCIM switch (Settings): off refuses every SCIM request. */ scimEnabled: boolean }

/** Stored as hex text (scim_tokens.hash). */
export function hashToken(secret: string): string {
  return hashSecret(secret).toString('hex');
}

/** Creates a token; the returned `secret` exists nowhere else and cannot be shown again. */
export async function createScimToken(db: Executor, orgId: string, name: string, clock: Clock): Promise<{ token: TokenSummary; secret: string }> {
  const label = name.trim();
  if (!label || label.length > 100) throw new InvalidInput('name', 'is required, at most 100 characters');
  const { secret, hash, prefix } = issueSecret(TOKEN_KIND);
  const row = await db.insertInto('scim_tokens').values({
    org_id: orgId, name: label, prefix, hash: hash.toString('hex'), created_at: clock.now(),
  }).returningAll().executeTakeFirstOrThrow();
  return { token: toSummary(row), secret };
}

export async function listScimTokens(db: Executor, orgId: string): Promise<TokenSummary[]> {
  const rows = await db.selectFrom('scim_tokens').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toSummary);
}

export async function revokeScimToken(db: Executor, orgId: string, tokenId: string, clock: Clock): Promise<TokenSummary> {
  if (!isUuid(tokenId)) throw new ScimTokenNotFound(tokenId);
  const row = await db.updateTable('scim_tokens').set({ revoked_at: clock.now() })
    .where('id', '=', tokenId).where('org_id', '=', orgId).where('revoked_at', 'is', null).returningAll().executeTakeFirst()
    ?? await db.selectFrom('scim_tokens').selectAll().where('id', '=', tokenId).where('org_id', '=', orgId).executeTakeFirst();
  if (!row) throw new ScimTokenNotFound(tokenId);
  return toSummary(row);
}

/** The active token behind `secret`, or null. Database failures propagate (they are not a bad token). */
export async function authenticateScimToken(db: Executor, secret: string, clock: Clock): Promise<AuthenticatedToken | null> {
  const found = await findActiveToken(db, secret);
  if (!found) return null;
  const now = clock.now();
  if (lastUseIsStale(found.lastUsedAt, now)) await recordTokenUse(db, found.token.id, now);
  return found.token;
}

/** The lookup behind authenticateScimToken, without recording the use. */
export async function findActiveToken(db: Executor, secret: string): Promise<{ token: AuthenticatedToken; lastUsedAt: Date | null } | null> {
  if (!looksLike(TOKEN_KIND, secret)) return null;
  const hash = hashToken(secret);
  const row = await db.selectFrom('scim_tokens').innerJoin('organizations', 'organizations.id', 'scim_tokens.org_id')
    .select(['scim_tokens.id', 'scim_tokens.org_id', 'scim_tokens.name', 'scim_tokens.hash', 'scim_tokens.last_used_at', 'organizations.scim_enabled'])
    .where('scim_tokens.hash', '=', hash).where('scim_tokens.revoked_at', 'is', null).executeTakeFirst();
  // The index finds the row by hash; the comparison itself is constant-time all the same.
  if (!row || !sameHash(Buffer.from(row.hash, 'hex'), Buffer.from(hash, 'hex'))) return null;
  return { token: { id: row.id, orgId: row.org_id, name: row.name, scimEnabled: row.scim_enabled }, lastUsedAt: row.last_used_at };
}

export function lastUseIsStale(lastUsedAt: Date | null, now: Date): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS;
}

export async function recordTokenUse(db: Executor, tokenId: string, now: Date): Promise<void> {
  await db.updateTable('scim_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

function toSummary(r: ScimToken): TokenSummary {
  return {
    id: r.id, orgId: r.org_id, name: r.name, prefix: r.prefix, createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}
