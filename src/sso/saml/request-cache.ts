// node-saml's CacheProvider backed by the database, so every server process knows the
// AuthnRequest ids any of them issued (FIELD-NOTES). Ids expire; a consumed id is deleted with
// DELETE … RETURNING, and `consumed` records whether this validation was the one that deleted
// it, so two concurrent responses to one request cannot both succeed.
import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import type { Executor } from '../../domain/storage/transaction.js';
import type { Clock } from '../../domain/clock.js';

export const REQUEST_TTL_MS = 10 * 60_000;

export class DbRequestCache implements CacheProvider {
  /** Ids this instance deleted (node-saml removes the InResponseTo id once it has used it). */
  readonly consumed = new Set<string>();
  /** Ids this instance saved: the AuthnRequest a login just issued, to bind it to the browser. */
  readonly issued: string[] = [];

  constructor(private readonly db: Executor, private readonly connectionId: string, private readonly clock: Clock) {}

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const now = this.clock.now();
    await this.db.insertInto('saml_requests').values({
      id: key, connection_id: this.connectionId, created_at: now, expires_at: new Date(now.getTime() + REQUEST_TTL_MS),
    }).onConflict((oc) => oc.doNothing()).execute();
    this.issued.push(key);
    // Housekeeping: expired ids are of no use to anyone.
    await this.db.deleteFrom('saml_requests').where('expires_at', '<', now).execute();
    return { value, createdAt: now.getTime() };
  }

  async getAsync(key: string): Promise<string | null> {
    if (!key) return null;
    const row = await this.db.selectFrom('saml_requests').select('created_at')
      .where('id', '=', key).where('connection_id', '=', this.connectionId).where('expires_at', '>', this.clock.now()).executeTakeFirst();
    return row ? row.created_at.toISOString() : null;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (!key) return null;
    const row = await this.db.deleteFrom('saml_requests').where('id', '=', key).where('connection_id', '=', this.connectionId)
      .returning('created_at').executeTakeFirst();
    if (!row) return null;
    this.consumed.add(key);
    return row.created_at.toISOString();
  }
}
