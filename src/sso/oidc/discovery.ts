// OIDC discovery and the per-connection client configuration. Every request openid-client makes
// (discovery, JWKS, token, userinfo) goes through the SSRF-guarded fetch; plain http is allowed
// only when the operator allows private targets (tests, the local demo). ID token signatures are
// always verified against the JWKS. A configuration is kept ten minutes (by the injected clock)
// per connection *version*: any edit of the connection (a new client secret, issuer, client id)
// bumps its version (migration 0420), so the next sign-in, in every process, uses the edit.
// Within the ten minutes, openid-client re-fetches the JWKS when a token names an unknown key and
// the cached set is older than a minute (key rotation).
import * as client from 'openid-client';
import type { SsoConnection } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { guardedFetch } from '../guarded-fetch.js';

export interface DiscoveryPolicy { allowPrivate: boolean; clockSkewMs?: number }

const TTL_MS = 10 * 60_000;
/** One entry per connection id: the configuration of the version last used. */
const cache = new Map<string, { version: number; at: number; config: Promise<client.Configuration> }>();

export async function discoverIssuer(issuer: string, policy: DiscoveryPolicy, clientId = 'seatgate-check', clientSecret?: string): Promise<client.Configuration> {
  const fetcher = guardedFetch({ allowPrivate: policy.allowPrivate });
  const insecure = policy.allowPrivate && issuer.startsWith('http:');
  const metadata: Partial<client.ClientMetadata> = {
    ...(clientSecret ? { client_secret: clientSecret } : {}),
    [client.clockTolerance]: Math.round((policy.clockSkewMs ?? 30_000) / 1000),
  };
  const config = await client.discovery(new URL(issuer), clientId, metadata, clientSecret ? client.ClientSecretPost(clientSecret) : undefined, {
    [client.customFetch]: fetcher as unknown as client.CustomFetch,
    ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
  });
  config[client.customFetch] = fetcher as unknown as client.CustomFetch;
  // By default openid-client trusts the TLS channel for ID tokens from the token endpoint
  // (OIDC Core §3.1.3.7 step 6 allows it). We verify the signature against the JWKS anyway.
  client.enableNonRepudiationChecks(config);
  return config;
}

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
