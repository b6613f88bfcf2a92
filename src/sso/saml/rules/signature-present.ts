// Enforces: what the connection requires to be signed carries a signature at all — the assertion
// (default) and/or the whole response. node-saml then verifies those signatures against the
// connection's certificates; this rule only makes "unsigned" a reason of its own, distinct from
// "signed by someone else" (SAML 2.0 Profiles §4.1.3.5: the assertion MUST be signed).
import { SsoRejected } from '../../../domain/errors.js';
import type { RawRule } from './rule.js';

export const signaturePresent: RawRule = (facts, expected) => {
  if (expected.wantAssertionsSigned && !facts.assertionHasSignature) {
    throw new SsoRejected('SAML_SIGNATURE_MISSING', 'The assertion is not signed, and this connection requires signed assertions.');
  }
  if (expected.wantResponseSigned && !facts.responseHasSignature) {
    throw new SsoRejected('SAML_SIGNATURE_MISSING', 'The response is not signed, and this connection requires signed responses.');
  }
};
