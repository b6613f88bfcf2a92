// The key that signs session cookies: SESSION_SECRET when the operator sets one (hashed to a
// 32-byte HS256 key), otherwise a key Seatgate generates once and shares between processes
// (src/domain/access/server-keys.ts). There is no placeholder default.
import { createHash } from 'node:crypto';
import type { Executor } from '../domain/storage/transaction.js';
import type { Clock } from '../domain/clock.js';
import { serverKey } from '../domain/access/server-keys.js';

export async function sessionKey(db: Executor, configured: string | undefined, clock: Clock): Promise<Uint8Array> {
  if (configured) return createHash('sha256').update(configured).digest();
  return serverKey(db, 'session-signing-v1', clock);
}
