// The key that signs session cookies: SESSION_SECRET when the operator sets one, otherwise 48
// random bytes generated once and stored in the database, so every process signs and verifies
// with the same key. There is no placeholder default.
import { randomBytes, createHash } from 'node:crypto';
import type { Executor } from '../../db/transaction.js';

export async function sessionKey(db: Executor, configured: string | undefined): Promise<Uint8Array> {
  if (configured) return createHash('sha256').update(configured).digest();
  await db.insertInto('session_signing_keys').values({ id: 1, secret: randomBytes(48).toString('base64url') })
    .onConflict((oc) => oc.column('id').doNothing()).execute();
  const row = await db.selectFrom('session_signing_keys').select('secret').where('id', '=', 1).executeTakeFirstOrThrow();
  return createHash('sha256').update(row.secret).digest();
}
