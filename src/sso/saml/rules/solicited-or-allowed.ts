// Enforces: an unsolicited (IdP-initiated) response is accepted only where the connection allows
// it, and a solicited one used up the AuthnRequest it answers (a second use is refused).
// SAML 2.0 Profiles §4.1.5 (unsolicited responses); node-saml checks the id is known, this rule
// checks this very validation consumed it, so two concurrent replays cannot both pass.
import { SsoRejected } from '../../../domain/errors.js';
import type { Rule } from './rule.js';

export const solicitedOrAllowed: Rule = (facts, expected) => {
  if (facts.inResponseTo === null) {
    if (!expected.allowIdpInitiated) {
      throw new SsoRejected('SAML_IN_RESPONSE_TO_MISSING', 'IdP-initiated sign-in is not allowed for this connection: start from Seatgate.');
    }
    return;
  }
  if (!facts.requestConsumed) {
    throw new SsoRejected('SAML_IN_RESPONSE_TO_UNKNOWN', 'This response answers a sign-in request that was already used.');
  }
};
