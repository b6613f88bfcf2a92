// OIDC discovery of an issuer through the SSRF-guarded fetch: what sign-in builds its client
// configuration from, and what setting up a connection checks before storing it (a wrong issuer
// is refused at once rather than at the first sign-in). Plain http only when the operator allows
// private targets (tests, the local demo). ID token signatures are always verified against the JWKS.
import * as client from 'openid-client';
import { guardedFetch } from '../net/guarded-fetch.js';

export interface DiscoveryPolicy { allowPrivate: boolean; clockSkewMs?: number }

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
