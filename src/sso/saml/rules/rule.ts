// What every SAML rule is: a pure check of the facts against what we expect, at a given time.
// It returns nothing or throws SsoRejected; it never edits its input (STYLE §1).
import type { RawFacts, SignedFacts } from '../assertion-facts.js';

export interface Expected {
  acsUrl: string;
  idpEntityId: string;
  allowIdpInitiated: boolean;
  wantAssertionsSigned: boolean;
  wantResponseSigned: boolean;
}

export type Facts = RawFacts & SignedFacts & {
  /** True when this validation deleted the AuthnRequest id it answers (one use only). */
  requestConsumed: boolean;
};

export type RawRule = (facts: RawFacts, expected: Expected, now: Date) => void;
export type Rule = (facts: Facts, expected: Expected, now: Date) => void;
