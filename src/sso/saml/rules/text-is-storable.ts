// Enforces: what Seatgate looks up, keys on or stores from a response is storable text — no NUL,
// no unpaired surrogate (src/sso/identity-text.ts). InResponseTo is checked before the signature,
// because node-saml looks it up in the request cache (the database) first; Issuer, NameID, the
// assertion ID and the Recipients after it. XML 1.0 §2.2 does not even allow these characters.
import { refuseUnstorableIdentity } from '../../identity-text.js';
import type { RawRule, Rule } from './rule.js';

export const rawTextIsStorable: RawRule = (facts) => {
  refuseUnstorableIdentity('SAML_INVALID_TEXT', { InResponseTo: facts.inResponseTo, Destination: facts.destination });
};

export const signedTextIsStorable: Rule = (facts) => {
  refuseUnstorableIdentity('SAML_INVALID_TEXT', { NameID: facts.nameId, Issuer: facts.issuer, AssertionID: facts.assertionId, Recipient: facts.recipients });
};
