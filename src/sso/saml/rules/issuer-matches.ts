// Enforces: the signed assertion's Issuer is this connection's IdP entity id. node-saml checks
// `idpIssuer` only on logout messages, so login assertions are checked here. With several
// connections trusting one shared certificate, this keeps each IdP to its own connection.
// SAML 2.0 Profiles §4.1.4.2: the Issuer MUST be present and be the IdP's entity id.
import { SsoRejected } from '../../../domain/errors.js';
import type { Rule } from './rule.js';

export const issuerMatches: Rule = (facts, expected) => {
  if (facts.issuer !== expected.idpEntityId) {
    throw new SsoRejected('SAML_ISSUER_MISMATCH', 'The assertion comes from another IdP than this connection names.',
      `Issuer ${facts.issuer ?? '(none)'}, expected ${expected.idpEntityId}`);
  }
};
