// Finishes an OIDC authorization code flow (PKCE, state, nonce) and says who signed in. The ID
// token is validated by openid-client (signature with JWKS rotation, iss, aud, azp, exp, nonce)
// and then by our rules; the email comes from the ID token, or from userinfo (whose `sub` must
// equal the token's), and counts as verified only with email_verified === true — unless the
// operator marked the connection as one whose IdP only issues verified, org-owned addresses.
// The groups claim (`groups`, or the connection's mapping) feeds the provisioning rules.
import * as client from 'openid-client';
import type { SsoConnection } from '../../db/schema.js';
import { SsoRejected } from '../../domain/errors.js';
import type { SsoIdentity } from '../../domain/members/sign-in.js';
import { fromOidcError } from './error-codes.js';
import { ID_TOKEN_RULES } from './rules/index.js';
import type { IdTokenClaims } from './rules/rule.js';
import { refuseUnstorableIdentity } from '../identity-text.js';

export const MAX_ID_TOKEN_AGE_MS = 10 * 60_000;

export interface CallbackInput { config: client.Configuration; callbackUrl: URL; codeVerifier: string; nonce: string; state: string; clockSkewMs: number; now: Date }

export async function finishOidcSignIn(conn: SsoConnection, input: CallbackInput): Promise<SsoIdentity> {
  let claims: IdTokenClaims;
  let tokens;
  try {
    tokens = await client.authorizationCodeGrant(input.config, input.callbackUrl, {
      pkceCodeVerifier: input.codeVerifier, expectedNonce: input.nonce, expectedState: input.state, idTokenExpected: true,
    });
    claims = (tokens.claims() ?? {}) as IdTokenClaims;
  } catch (err) {
    throw fromOidcError(err);
  }
  for (const rule of ID_TOKEN_RULES) rule(claims, { clockSkewMs: input.clockSkewMs, maxAgeMs: MAX_ID_TOKEN_AGE_MS }, input.now);
  const sub = claims.sub as string;
  let profile: Record<string, unknown> = claims;
  if (typeof claims[conn.attribute_mapping.email ?? 'email'] !== 'string') {
    try {
      profile = { ...(await client.fetchUserInfo(input.config, tokens.access_token, sub)), sub };
    } catch (err) {
      throw fromOidcError(err);
    }
  }
  const map = conn.attribute_mapping;
  const claim = (name: string) => [name, profile[name]] as const;
  refuseUnstorableIdentity('OIDC_INVALID_TEXT', Object.fromEntries([claim('sub'), claim(map.email ?? 'email'), claim(map.displayName ?? 'name'),
    claim(map.givenName ?? 'given_name'), claim(map.familyName ?? 'family_name'), claim(map.groups ?? 'groups')]));
  const email = str(profile[map.email ?? 'email']);
  if (!email) throw new SsoRejected('SSO_EMAIL_MISSING', 'The IdP sent no email address. Request the "email" scope or map an email claim.');
  const verified = profile.email_verified === true || profile.email_verified === 'true';
  return {
    orgId: conn.org_id, connection: { id: conn.id, label: conn.label }, subject: sub, email,
    emailVerified: verified || (profile.email_verified === undefined && conn.oidc_assume_email_verified),
    displayName: str(profile[map.displayName ?? 'name']), givenName: str(profile[map.givenName ?? 'given_name']), familyName: str(profile[map.familyName ?? 'family_name']),
    groups: groupsClaim(profile[map.groups ?? 'groups']),
  };
}

/** The groups claim: a list of names (Okta, Keycloak, Entra's ids), or one name; absent: none. */
function groupsClaim(v: unknown): string[] {
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return list.filter((g): g is string => typeof g === 'string');
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}
