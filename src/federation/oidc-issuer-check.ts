// Checking an OIDC issuer before a connection is saved: its discovery document is fetched through
// the SSRF guard, and every failure becomes one of the codes docs/sso-setup.md lists:
// SSO_FETCH_REFUSED (not https, or a private/loopback address, unless the operator allows it),
// OIDC_ISSUER_MISMATCH (the document names another issuer) or OIDC_IDP_UNREACHABLE (network,
// DNS, TLS, an HTTP error status, not a discovery document), each with a sentence saying why.
import { SsoRejected, UnsafeFetch } from '../domain/errors.js';
import { discoverIssuer, type DiscoveryPolicy } from './oidc-discovery.js';

export async function checkIssuer(issuer: string, policy: DiscoveryPolicy): Promise<void> {
  const url = new URL(issuer);
  // openid-client refuses http itself, with a message of its own; the guard's rule and code apply.
  if (url.protocol !== 'https:' && !(policy.allowPrivate && url.protocol === 'http:')) {
    throw new UnsafeFetch(issuer, 'only https URLs may be fetched');
  }
  try {
    await discoverIssuer(issuer, policy);
  } catch (err) {
    const unsafe = causes(err).find((e): e is UnsafeFetch => e instanceof UnsafeFetch);
    if (unsafe) throw unsafe;
    if (causes(err).some((e) => (e as { code?: string }).code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED')) {
      throw new SsoRejected('OIDC_ISSUER_MISMATCH', `The discovery document at ${issuer} names another issuer; give the issuer exactly as the IdP publishes it (for Entra, with /v2.0).`);
    }
    const why = reason(err);
    throw new SsoRejected('OIDC_IDP_UNREACHABLE', `Could not read the OpenID discovery document of ${issuer}: ${why}.`, why);
  }
}

function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err; e && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

function reason(err: unknown): string {
  for (const e of causes(err)) {
    if (e instanceof Response) return `it answered HTTP ${e.status} at ${e.url || 'its .well-known/openid-configuration'}`;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED') return 'the connection was refused';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'its host name does not resolve';
    if (code === 'ETIMEDOUT' || (e as Error).name === 'TimeoutError') return 'it did not answer in time';
    if (code === 'OAUTH_RESPONSE_IS_NOT_JSON') return 'the answer is not JSON';
    if (code && /CERT|SSL|TLS/i.test(code)) return `its TLS certificate is not trusted (${code})`;
  }
  const deepest = causes(err).at(-1);
  return deepest instanceof Error ? deepest.message : String(deepest);
}
