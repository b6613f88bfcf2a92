// The key that signs invitation links: INVITE_SECRET when the operator sets one, otherwise a key
// Seatgate generates once and shares between processes (src/domain/access/server-keys.ts).
import type { Executor } from '../storage/transaction.js';
import type { Clock } from '../clock.js';
import { serverKey } from '../access/server-keys.js';

export function inviteSigningKey(db: Executor, configured: string | undefined, clock: Clock): Promise<Uint8Array> {
  if (configured) return Promise.resolve(new TextEncoder().encode(configured));
  return serverKey(db, 'invite-signing-v1', clock);
}
