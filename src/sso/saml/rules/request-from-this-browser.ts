// Enforces: a response to an AuthnRequest Seatgate made is posted by the browser that started
// that sign-in — it holds the flow cookie for the request's ID. Else an attacker's page can post
// the attacker's own response from a victim's browser (login CSRF, as RFC 6749 §10.12 describes
// for OAuth; SAML leaves binding a response to the browser to the SP). Runs before node-saml, so a
// refused post does not use up the request. Not enforceable, and skipped: IdP-initiated responses
// (no request) and plain-http PUBLIC_URL (browsers drop the SameSite=None cookie: docs/sso-setup.md).
import { SsoRejected } from '../../../domain/errors.js';
import { matchFlow } from '../../browser-binding.js';
import type { RawRule } from './rule.js';

export const requestFromThisBrowser: RawRule = (facts, expected) => {
  if (expected.browserFlows === null || facts.inResponseTo === null || !facts.requestPending) return;
  if (!matchFlow(expected.browserFlows, facts.inResponseTo)) {
    throw new SsoRejected('SAML_REQUEST_NOT_THIS_BROWSER', 'This sign-in was started in another browser (or its cookie was blocked). Start again from the sign-in page, in this browser.',
      `InResponseTo ${facts.inResponseTo}; ${expected.browserFlows.length} sign-in cookie(s) presented, none for this request`);
  }
};
