// The per-connection OIDC client configuration, from discovery (src/federation/oidc-discovery.ts:
// every request openid-client makes goes through the SSRF-guarded fetch; ID token signatures are
// always verified against the JWKS). A configuration is kept ten minutes (by the injected clock)
// per connection *version*: any edit of the connection (a new client secret, issuer, client id)
// bumps its version (migration 0420), so the next sign-in, in every process, uses the edit.
// Within the ten minutes, openid-client re-fetches the JWKS when a token names an unknown key and
// the cached set is older than a minute (key rotation).
import * as client from 'openid-client';
import type { SsoConnection } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { discoverIssuer, type DiscoveryPolicy } from '../../federation/oidc-discovery.js';

const TTL_MS = 10 * 60_000;
/** One entry per connection id: the configuration of the version last used. */
const cache = new Map<string, { version: number; at: number; config: Promise<client.Configuration> }>();

export function clientConfigFor(conn: SsoConnection, policy: DiscoveryPolicy, clock: Clock): Promise<client.Configuration> {
  const now = clock.now().getTime();
  const hit = cache.get(conn.id);
  if (hit && hit.version === conn.version && now - hit.at < TTL_MS && now >= hit.at) return hit.config;
  const discover = () => discoverIssuer(conn.oidc_issuer!, policy, conn.oidc_client_id!, conn.oidc_client_secret!);
  // A request that read the row before an edit must not put the old version back in the cache.
  if (hit && conn.version < hit.version) return discover();
  const entry = { version: conn.version, at: now, config: discover() };
  cache.set(conn.id, entry);
  entry.config.catch(() => { if (cache.get(conn.id) === entry) cache.delete(conn.id); });
  return entry.config;
}

export function forgetClientConfig(connectionId: string): void { cache.delete(connectionId); }
