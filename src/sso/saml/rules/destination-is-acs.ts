// Enforces: a Response that names a Destination names our ACS URL for this connection.
// SAML 2.0 Bindings §3.5.5.2: the recipient MUST check that Destination is where it received it;
// a response meant for another SP (or another connection of ours) is refused.
import { SsoRejected } from '../../../domain/errors.js';
import type { RawRule } from './rule.js';

export const destinationIsAcs: RawRule = (facts, expected) => {
  if (facts.destination !== null && facts.destination !== expected.acsUrl) {
    throw new SsoRejected('SAML_DESTINATION_MISMATCH', 'The response is addressed to another service provider (Destination).', `Destination ${facts.destination}, expected ${expected.acsUrl}`);
  }
};
