// The per-connection OIDC client configuration, from discovery (src/federation/oidc-discovery.ts:
// every request openid-client makes goes through the SSRF-guarded fetch). A configuration is kept
// ten minutes per connection; within it, openid-client re-fetches the JWKS when a token names an unknown key and the cached set is
// older than a minute (key rotation). A change of the connection's client id, secret or issuer
// (admin API) makes its cached configuration stale at once.
import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import type { SsoConnection } from '../../db/schema.js';
import { discoverIssuer, type DiscoveryPolicy } from '../../federation/oidc-discovery.js';

const TTL_MS = 10 * 60_000;
const cache = new Map<string, { at: number; fingerprint: string; config: Promise<client.Configuration> }>();

export function clientConfigFor(conn: SsoConnection, policy: DiscoveryPolicy): Promise<client.Configuration> {
  const fingerprint = createHash('sha256').update(JSON.stringify([conn.oidc_issuer, conn.oidc_client_id, conn.oidc_client_secret])).digest('hex');
  const hit = cache.get(conn.id);
  if (hit && hit.fingerprint === fingerprint && Date.now() - hit.at < TTL_MS) return hit.config;
  const config = discoverIssuer(conn.oidc_issuer!, policy, conn.oidc_client_id!, conn.oidc_client_secret!);
  cache.set(conn.id, { at: Date.now(), fingerprint, config });
  config.catch(() => cache.delete(conn.id));
  return config;
}

export function forgetClientConfig(connectionId: string): void { cache.delete(connectionId); }
