// The ONE place openid-client / oauth4webapi errors become our codes. They carry a stable `code`
// and, for claim checks, the claim in `cause`; each mapping is exercised by a hostile-token test
// (test/sso/oidc/hostile-tokens.test.ts).
import { SsoRejected, type SsoRejectionCode } from '../../domain/errors.js';

interface LowerError { code?: string; message?: string; cause?: { claim?: string; attribute?: string } | unknown; error?: string; error_description?: string }

const CLAIMS: Record<string, SsoRejectionCode> = { iss: 'OIDC_ISSUER_MISMATCH', aud: 'OIDC_AUDIENCE_MISMATCH', azp: 'OIDC_AZP_MISMATCH', nonce: 'OIDC_NONCE_MISMATCH', exp: 'OIDC_TOKEN_EXPIRED', iat: 'OIDC_IAT_INVALID', nbf: 'OIDC_IAT_INVALID' };

const EXPLAIN: Partial<Record<SsoRejectionCode, string>> = {
  OIDC_ISSUER_MISMATCH: 'The ID token comes from another issuer than this connection names.',
  OIDC_AUDIENCE_MISMATCH: 'The ID token is meant for another client (audience).',
  OIDC_AZP_MISMATCH: 'The ID token was issued to another client (authorized party).',
  OIDC_NONCE_MISMATCH: 'The ID token does not belong to this sign-in (nonce).',
  OIDC_TOKEN_EXPIRED: 'The ID token has expired: sign in again, and check the clocks.',
  OIDC_IAT_INVALID: 'The ID token has an unusable issue time.',
  OIDC_ALG_UNEXPECTED: 'The ID token is signed with an algorithm Seatgate does not accept.',
  OIDC_KEY_UNKNOWN: 'The ID token is signed with a key the IdP does not publish.',
  OIDC_SIGNATURE_INVALID: 'The ID token signature is invalid.',
  OIDC_USERINFO_SUB_MISMATCH: 'The userinfo response is about another person than the ID token.',
  OIDC_IDP_ERROR: 'The identity provider refused the sign-in.',
  OIDC_REJECTED: 'The sign-in response was refused.',
};

export function fromOidcError(err: unknown): SsoRejected {
  if (err instanceof SsoRejected) return err;
  // openid-client wraps oauth4webapi's error (which names the claim) as the `cause` of its own.
  const outer = (err ?? {}) as LowerError;
  const e = outer.cause instanceof Error && (outer.cause as LowerError).code ? outer.cause as LowerError : outer;
  const cause = (e.cause ?? {}) as { claim?: string; attribute?: string };
  const code = pick(e, cause);
  return new SsoRejected(code, EXPLAIN[code] ?? 'The sign-in response was refused.', [e.code, e.message, e.error, e.error_description].filter(Boolean).join(': '));
}

function pick(e: LowerError, cause: { claim?: string; attribute?: string }): SsoRejectionCode {
  const message = e.message ?? '';
  if (e.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' || e.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
    return (cause.claim && CLAIMS[cause.claim]) || 'OIDC_REJECTED';
  }
  // A required claim that is absent ('JWT "nonce" (nonce) claim missing') is refused for that
  // claim: an ID token without the nonce we sent does not belong to this sign-in.
  const missing = /^JWT "(\w+)" \([^)]*\) claim missing/.exec(message)?.[1];
  if (missing && CLAIMS[missing]) return CLAIMS[missing];
  if (e.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' && cause.attribute === 'sub') return 'OIDC_USERINFO_SUB_MISMATCH';
  if (e.code === 'OAUTH_KEY_SELECTION_FAILED') return 'OIDC_KEY_UNKNOWN';
  if (/signature verification failed/i.test(message)) return 'OIDC_SIGNATURE_INVALID';
  if (/"alg"|unsupported JWS algorithm|alg/i.test(message)) return 'OIDC_ALG_UNEXPECTED';
  if (/missing.*"iat"|"iat"/.test(message)) return 'OIDC_IAT_INVALID';
  if (/"exp"/.test(message)) return 'OIDC_TOKEN_EXPIRED';
  if (e.code === 'OAUTH_AUTHORIZATION_RESPONSE_ERROR' || e.code === 'OAUTH_RESPONSE_BODY_ERROR') return 'OIDC_IDP_ERROR';
  return 'OIDC_REJECTED';
}
