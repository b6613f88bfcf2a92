// The OpenID Provider's clients are the operator's applications (src/domain/apps/apps.ts), read
// from the database on each look-up, so an app created, rotated or removed by the CLI in another
// process counts at the next request. oidc-provider compares client secrets in plain text; Seatgate
// keeps only their hash, so `client_secret` here is a marker and the comparison is replaced by
// hash-and-compare (constant time), honouring a rotated secret's grace period.
import type { App } from '../db/schema.js';
import type { Executor } from '../domain/storage/transaction.js';
import type { Clock } from '../domain/clock.js';
import { appSecretMatches, findApp } from '../domain/apps/apps.js';

/** Client metadata (RFC 7591 names) of an application. */
export function clientMetadata(app: App): Record<string, unknown> {
  return {
    client_id: app.client_id,
    // Never a usable secret: symmetric algorithms are off, and the comparison below ignores it.
    client_secret: `hashed:${app.secret_hash.toString('hex')}`,
    client_name: app.name,
    redirect_uris: app.redirect_uris,
    post_logout_redirect_uris: app.post_logout_redirect_uris,
    grant_types: app.refresh_tokens ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: app.id_token_alg,
    ...(app.backchannel_logout_uri ? { backchannel_logout_uri: app.backchannel_logout_uri, backchannel_logout_session_required: false } : {}),
  };
}

export async function findClient(db: Executor, clientId: string): Promise<Record<string, unknown> | undefined> {
  const app = await findApp(db, clientId);
  return app ? clientMetadata(app) : undefined;
}

interface ClientClass { prototype: { clientId: string; compareClientSecret(actual: string): Promise<boolean> | boolean } }

/** Replaces the Client model's secret comparison by a check against the stored hash. */
export function compareSecretsByHash(Client: ClientClass, db: Executor, clock: Clock): void {
  Client.prototype.compareClientSecret = async function compareClientSecret(this: { clientId: string }, actual: string) {
    const app = await findApp(db, this.clientId);
    return !!app && appSecretMatches(app, actual, clock.now());
  };
}
