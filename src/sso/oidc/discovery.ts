// OIDC discovery and the per-connection client configuration. Every request openid-client makes
// (discovery, JWKS, token, userinfo) goes through the SSRF-guarded fetch; plain http is allowed
// only when the operator allows private targets (tests, the local demo). ID token signatures are
// always verified against the JWKS. A configuration is kept ten minutes per connection; within
// it, openid-client re-fetches the JWKS when a token names an unknown key and the cached set is
// older than a minute (key rotation).
import * as client from 'openid-client';
import type { SsoConnection } from '../../db/schema.js';
import { guardedFetch } from '../guarded-fetch.js';

export interface DiscoveryPolicy { allowPrivate: boolean; clockSkewMs?: number }

const TTL_MS = 10 * 60_000;
const cache = new Map<string, { at: number; config: Promise<client.Configuration> }>();

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

export function clientConfigFor(conn: SsoConnection, policy: DiscoveryPolicy): Promise<client.Configuration> {
  const hit = cache.get(conn.id);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.config;
  const config = discoverIssuer(conn.oidc_issuer!, policy, conn.oidc_client_id!, conn.oidc_client_secret!);
  cache.set(conn.id, { at: Date.now(), config });
  config.catch(() => cache.delete(conn.id));
  return config;
}

export function forgetClientConfig(connectionId: string): void { cache.delete(connectionId); }
