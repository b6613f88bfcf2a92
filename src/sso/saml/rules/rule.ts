// What every SAML rule is: a pure check of the facts against what we expect, at a given time.
// It returns nothing or throws SsoRejected; it never edits its input (STYLE §1).
import type { RawFacts, SignedFacts } from '../assertion-facts.js';
import type { PresentedFlow } from '../../browser-binding.js';

export interface Expected {
  acsUrl: string;
  idpEntityId: string;
  allowIdpInitiated: boolean;
  wantAssertionsSigned: boolean;
  wantResponseSigned: boolean;
  /** The sign-in flows this browser holds cookies for; null where responses cannot be bound (plain-http PUBLIC_URL). */
  browserFlows: readonly PresentedFlow[] | null;
}

export type PreFacts = RawFacts & {
  /** InResponseTo names a request of this connection that is still pending (issued, unexpired, unused). */
  requestPending: boolean;
};

export type Facts = PreFacts & SignedFacts & {
  /** True when this validation deleted the AuthnRequest id it answers (one use only). */
  requestConsumed: boolean;
};

export type RawRule = (facts: PreFacts, expected: Expected, now: Date) => void;
export type Rule = (facts: Facts, expected: Expected, now: Date) => void;
