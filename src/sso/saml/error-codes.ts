// The ONE place node-saml's errors become our codes. node-saml throws plain Errors that differ
// only by message (STYLE §3), so each known message (or its stable prefix) is listed here and
// tested one by one (test/sso/saml/error-codes.test.ts): an upgrade that rewords a message fails
// that test instead of silently turning a precise reason into SAML_REJECTED.
import { SsoRejected, type SsoRejectionCode } from '../../domain/errors.js';
import { NO_DECRYPTION_KEY } from './encrypted-assertion.js';

export const NODE_SAML_MESSAGES: ReadonlyArray<readonly [pattern: string, code: SsoRejectionCode, explanation: string]> = [
  ['Invalid document signature', 'SAML_SIGNATURE_INVALID', 'The response is not signed with a trusted certificate, and this connection requires a signed response.'],
  ['Invalid signature: multiple assertions', 'SAML_MULTIPLE_ASSERTIONS', 'The response carries more than one assertion (a signature-wrapping pattern).'],
  ['Invalid signature from encrypted assertion', 'SAML_SIGNATURE_INVALID', 'The encrypted assertion is not signed with a trusted certificate.'],
  ['Invalid signature: NoPassive', 'SAML_SIGNATURE_INVALID', 'An unsigned NoPassive status was received.'],
  ['Invalid signature: No response found', 'SAML_MALFORMED', 'The message is not a SAML Response.'],
  ['Invalid signature', 'SAML_SIGNATURE_INVALID', 'The assertion is not signed with a trusted certificate.'],
  // Reached only if src/sso/saml/encrypted-assertion.ts let the response through (it opens it first).
  ['Invalid EncryptedAssertion content', 'SAML_DECRYPTION_FAILED', 'The encrypted assertion does not hold one assertion.'],
  ['No decryption key for encrypted SAML response', 'SAML_ENCRYPTED_UNSUPPORTED', NO_DECRYPTION_KEY],
  ['Cannot obtain assertion from signed data', 'SAML_SIGNATURE_INVALID', 'The signature does not cover the assertion (a signature-wrapping pattern).'],
  ['Too many signatures found for this element', 'SAML_SIGNATURE_INVALID', 'An element carries more than one signature.'],
  ['Invalid signature, too many transforms', 'SAML_SIGNATURE_INVALID', 'The signature uses unexpected transforms.'],
  ['Invalid signature: ID cannot refer to more than one element', 'SAML_SIGNATURE_INVALID', 'The signed ID is duplicated (a signature-wrapping pattern).'],
  ["Invalid signature: Referenced node does not refer to it's parent element", 'SAML_SIGNATURE_INVALID', 'The signature does not cover its own element (a signature-wrapping pattern).'],
  ['Only 1 signed references should be present in signature', 'SAML_SIGNATURE_INVALID', 'The signature has several references.'],
  ['ref URI included quote character', 'SAML_SIGNATURE_INVALID', 'The signature reference is malformed.'],
  ['InResponseTo is not valid', 'SAML_IN_RESPONSE_TO_UNKNOWN', 'The response answers a sign-in request Seatgate did not make, or one already used or expired.'],
  ['InResponseTo is missing from response', 'SAML_IN_RESPONSE_TO_MISSING', 'The response is IdP-initiated, which this connection does not allow.'],
  ['InResponseTo does not match subjectInResponseTo', 'SAML_IN_RESPONSE_TO_UNKNOWN', 'The assertion answers a different request than the response.'],
  ['SubjectInResponseTo is not valid', 'SAML_IN_RESPONSE_TO_UNKNOWN', 'The assertion answers a sign-in request Seatgate did not make.'],
  ['No valid subject confirmation found among those available in the SAML assertion', 'SAML_NO_SUBJECT_CONFIRMATION', 'No subject confirmation is currently valid (expired or not yet valid).'],
  ['SAML assertion not yet valid', 'SAML_NOT_YET_VALID', 'The assertion is not valid yet: check the clocks of the IdP and Seatgate.'],
  ['SAML assertion expired', 'SAML_EXPIRED', 'The assertion has expired: sign in again, and check the clocks.'],
  ['Unable to process multiple conditions in SAML assertion', 'SAML_MALFORMED', 'The assertion carries several Conditions elements.'],
  ['SAML assertion has no AudienceRestriction', 'SAML_AUDIENCE_MISMATCH', 'The assertion names no audience.'],
  ['SAML assertion AudienceRestriction has no Audience value', 'SAML_AUDIENCE_MISMATCH', 'The assertion names no audience.'],
  ['SAML assertion audience mismatch', 'SAML_AUDIENCE_MISMATCH', 'The assertion is meant for another service provider (check the Entity ID / Audience at the IdP).'],
  ['Unknown SAML issuer', 'SAML_ISSUER_MISMATCH', 'The assertion comes from another IdP than this connection names.'],
  ['Missing SAML issuer', 'SAML_ISSUER_MISMATCH', 'The assertion names no issuer.'],
  ['SAML provider returned', 'SAML_IDP_STATUS', 'The IdP answered with an error status instead of a sign-in.'],
  ['Missing SAML assertion', 'SAML_MALFORMED', 'The response carries no assertion.'],
  ['Unknown SAML response message', 'SAML_MALFORMED', 'The message is not a SAML Response.'],
  ['Not a valid XML document', 'SAML_MALFORMED', 'The message is not XML.'],
  ['Error parsing ', 'SAML_MALFORMED', 'The assertion carries a time that is not a valid date.'],
];

// Longest pattern first: "Invalid signature" is a prefix of several more precise messages.
const BY_LENGTH = [...NODE_SAML_MESSAGES].sort((a, b) => b[0].length - a[0].length);

/** Turns anything node-saml throws into SsoRejected with our code; the original message is kept as detail for the log. */
export function fromNodeSamlError(err: unknown): SsoRejected {
  if (err instanceof SsoRejected) return err;
  const message = err instanceof Error ? err.message : String(err);
  const hit = BY_LENGTH.find(([pattern]) => message.startsWith(pattern));
  if (hit) return new SsoRejected(hit[1], hit[2], message);
  return new SsoRejected('SAML_REJECTED', 'The SAML response was refused.', message);
}
