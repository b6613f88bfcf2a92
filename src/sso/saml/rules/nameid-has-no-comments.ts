// Enforces: a NameID is plain text — no comment, processing instruction or element inside.
// Why: exclusive C14N drops comments, so "alice@corp.com<!---->.evil.com" keeps a valid signature
// while a naive reader sees another person (CVE-2017-11427 family; Duo, 2018).
import { SsoRejected } from '../../../domain/errors.js';
import type { RawRule } from './rule.js';

export const nameIdHasNoComments: RawRule = (facts) => {
  if (facts.nameIdHasComment) {
    throw new SsoRejected('SAML_NAMEID_COMMENT', 'The NameID contains a comment or markup, which a genuine IdP never sends.');
  }
};
