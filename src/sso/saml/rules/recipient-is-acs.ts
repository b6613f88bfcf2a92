// Enforces: the signed bearer SubjectConfirmationData names our ACS URL as Recipient.
// SAML 2.0 Profiles §4.1.4.3: Recipient MUST be present and equal the ACS location. This is the
// signed counterpart of Destination, and stops an assertion minted for another SP being used here.
import { SsoRejected } from '../../../domain/errors.js';
import type { Rule } from './rule.js';

export const recipientIsAcs: Rule = (facts, expected) => {
  if (!facts.recipients.includes(expected.acsUrl)) {
    throw new SsoRejected('SAML_RECIPIENT_MISMATCH', 'The assertion is meant for another service provider (Recipient).',
      `Recipient ${facts.recipients.join(', ') || '(none)'}, expected ${expected.acsUrl}`);
  }
};
