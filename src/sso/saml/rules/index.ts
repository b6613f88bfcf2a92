// The SAML checks Seatgate adds to node-saml's, in the order they run. node-saml itself verifies
// the signature (response and/or assertion as configured), audience, time window with
// clock skew, and that InResponseTo names a request we made. Replay is checked last, in the
// database (replay-cache.ts), once everything else passed.
import type { RawRule, Rule } from './rule.js';
import { nameIdHasNoComments } from './nameid-has-no-comments.js';
import { destinationIsAcs } from './destination-is-acs.js';
import { recipientIsAcs } from './recipient-is-acs.js';
import { solicitedOrAllowed } from './solicited-or-allowed.js';
import { subjectPresent } from './subject-present.js';
import { signaturePresent } from './signature-present.js';
import { issuerMatches } from './issuer-matches.js';
import { requestFromThisBrowser } from './request-from-this-browser.js';
import { rawTextIsStorable, signedTextIsStorable } from './text-is-storable.js';

/**
 * Before node-saml: facts of the raw message (an encrypted assertion decrypted) whose reason must
 * not be masked by a later check, and the browser binding, which must not use up the request.
 */
export const BEFORE_SIGNATURE: readonly RawRule[] = [nameIdHasNoComments, signaturePresent, rawTextIsStorable, requestFromThisBrowser];

/** After node-saml accepted the signature: routing and subject. */
export const AFTER_SIGNATURE: readonly Rule[] = [issuerMatches, destinationIsAcs, recipientIsAcs, solicitedOrAllowed, subjectPresent, signedTextIsStorable];
