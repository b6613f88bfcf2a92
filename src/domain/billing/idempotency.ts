// Idempotency keys for seat-change confirms, with the contract of well-known payment APIs: the
// first successful response for (org, key) is stored as the exact text that was sent and replayed
// byte for byte; the same key with a different request is an error; the key is written in the
// transaction that bills, so a key exists if and only if its purchase and invoice do. A refused
// confirm stores nothing and leaves the key unused. Keys are kept at least KEY_RETENTION_MS.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../storage/transaction.js';
import { IdempotencyKeyReused, InvalidInput } from '../errors.js';

export const KEY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** 1 to 255 visible ASCII characters (a UUID is the usual choice). */
export function checkIdempotencyKey(key: string): string {
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new InvalidInput('Idempotency-Key', 'must be 1 to 255 visible ASCII characters, e.g. a UUID');
  }
  return key;
}

/** SHA-256 of the request's canonical JSON (the caller passes it with every field present, in a fixed order). */
export function requestHash(canonical: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** The stored response for this key, or null when the key is new. Call after taking the org's lock. */
export async function storedResponse(tx: Executor, orgId: string, key: string, hash: string): Promise<string | null> {
  const row = await tx.selectFrom('idempotency_keys').select(['request_hash', 'response'])
    .where('org_id', '=', orgId).where('key', '=', key).executeTakeFirst();
  if (!row) return null;
  if (row.request_hash !== hash) throw new IdempotencyKeyReused(key);
  return row.response;
}

export async function storeResponse(
  tx: Executor, entry: { orgId: string; key: string; hash: string; invoiceId: string; response: string; now: Date },
): Promise<void> {
  await tx.insertInto('idempotency_keys').values({
    org_id: entry.orgId, key: entry.key, request_hash: entry.hash, invoice_id: entry.invoiceId,
    response: entry.response, created_at: entry.now,
  }).execute();
}

/** Forgets keys older than the retention period; returns how many. Their invoices stay. */
export async function purgeIdempotencyKeys(db: Executor, now: Date, retentionMs = KEY_RETENTION_MS): Promise<number> {
  if (retentionMs < KEY_RETENTION_MS) throw new InvalidInput('retention', 'idempotency keys are kept at least 24 hours');
  const result = await db.deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`${new Date(now.getTime() - retentionMs)}`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
