// Enforces: the signed assertion has an ID and a NameID. The NameID is the person's key at this
// connection (never the email alone), and the ID is what the replay cache remembers.
// SAML 2.0 Core §2.3.3 (ID required), §2.4.1 (Subject).
import { SsoRejected } from '../../../domain/errors.js';
import type { Rule } from './rule.js';

export const subjectPresent: Rule = (facts) => {
  if (!facts.nameId) throw new SsoRejected('SAML_SUBJECT_MISSING', 'The assertion names no subject (NameID).');
  if (!facts.assertionId) throw new SsoRejected('SAML_MALFORMED', 'The assertion has no ID.');
};
