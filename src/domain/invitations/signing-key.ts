// The key that signs invitation links. INVITE_SECRET when the operator sets one; otherwise 32
// random bytes generated on first use and stored in server_keys, so that every process (and every
// restart) signs and verifies with the same key. There is no built-in default.
import { randomBytes } from 'node:crypto';
import type { Executor } from '../../db/transaction.js';
import type { Clock } from '../clock.js';

const KEY_NAME = 'invite-signing-v1';
const cache = new WeakMap<object, Promise<Uint8Array>>();

export function inviteSigningKey(db: Executor, configured: string | undefined, clock: Clock): Promise<Uint8Array> {
  if (configured) return Promise.resolve(new TextEncoder().encode(configured));
  let key = cache.get(db);
  if (!key) {
    key = loadOrCreate(db, clock);
    key.catch(() => cache.delete(db));
    cache.set(db, key);
  }
  return key;
}

async function loadOrCreate(db: Executor, clock: Clock): Promise<Uint8Array> {
  // Two processes starting together both insert; one wins, and both read the winner's key.
  await db.insertInto('server_keys').values({ name: KEY_NAME, key: randomBytes(32), created_at: clock.now() })
    .onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await db.selectFrom('server_keys').select('key').where('name', '=', KEY_NAME).executeTakeFirstOrThrow();
  return new Uint8Array(row.key);
}
