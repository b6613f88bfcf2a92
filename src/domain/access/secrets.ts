// Secrets Seatgate issues (API keys, SCIM tokens, invite links): 32 random bytes behind a prefix
// that names their kind (so leaked ones can be found by scanners), stored only as a SHA-256 hash
// and compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface IssuedSecret { secret: string; hash: Buffer; prefix: string }

export function issueSecret(kind: string): IssuedSecret {
  const secret = `${kind}_${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashSecret(secret), prefix: secret.slice(0, kind.length + 7) };
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A presented secret of the right kind and shape; anything else is not worth a lookup. */
export function looksLike(kind: string, presented: unknown): presented is string {
  return typeof presented === 'string' && presented.length === kind.length + 1 + 43
    && presented.startsWith(`${kind}_`) && /^[A-Za-z0-9_-]+$/.test(presented);
}
