// Remembers every accepted assertion id per connection until the assertion expires, in the
// database so all server processes share it: a second use of the same assertion — replayed from
// a browser history or an IdP-initiated link — is refused. The INSERT … ON CONFLICT DO NOTHING
// is atomic, so of two concurrent posts of one assertion exactly one wins.
import type { Executor } from '../../domain/storage/transaction.js';
import { SsoRejected } from '../../domain/errors.js';

/** Even an assertion that states no expiry is remembered this long. */
export const MIN_REMEMBER_MS = 60 * 60_000;

export async function rememberAssertion(db: Executor, connectionId: string, assertionId: string, validUntil: Date | null, now: Date): Promise<void> {
  const floor = now.getTime() + MIN_REMEMBER_MS;
  const expiresAt = new Date(Math.max(floor, validUntil?.getTime() ?? 0));
  const inserted = await db.insertInto('used_assertions').values({ connection_id: connectionId, assertion_id: assertionId, expires_at: expiresAt })
    .onConflict((oc) => oc.doNothing()).returning('assertion_id').executeTakeFirst();
  if (!inserted) throw new SsoRejected('SAML_ASSERTION_REPLAYED', 'This sign-in response was already used. Start again from the sign-in page.', assertionId);
  await db.deleteFrom('used_assertions').where('expires_at', '<', now).execute();
}
