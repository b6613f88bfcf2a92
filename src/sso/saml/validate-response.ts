// Validates a POSTed SAMLResponse for one connection and returns who signed in. Order: an
// encrypted assertion opened for reading, our raw checks whose reason must not be masked (and the
// browser binding), node-saml (signature, audience, time, InResponseTo known), our rules on the
// signed facts, then the replay cache in the database. Every failure is an SsoRejected with a code.
import type { SsoConnection } from '../../db/schema.js';
import type { Executor } from '../../domain/storage/transaction.js';
import type { Clock } from '../../domain/clock.js';
import { SsoRejected } from '../../domain/errors.js';
import type { SsoIdentity } from '../../domain/members/sign-in.js';
import { rawFacts, signedFacts } from './assertion-facts.js';
import { fromNodeSamlError } from './error-codes.js';
import { AFTER_SIGNATURE, BEFORE_SIGNATURE } from './rules/index.js';
import type { Expected } from './rules/rule.js';
import { rememberAssertion } from './replay-cache.js';
import { serviceProvider, type SpSettings } from './service-provider.js';
import { mapSamlProfile } from './attributes.js';
import { readableResponse } from './encrypted-assertion.js';
import type { PresentedFlow } from '../browser-binding.js';
import { refuseUnstorableIdentity } from '../identity-text.js';

/** Far above any real response; bounds parsing work on hostile input. */
export const MAX_RESPONSE_BYTES = 512 * 1024;

/**
 * `browserFlows`: the flow cookies the posting browser holds, or null where SP-initiated responses
 * cannot be bound to a browser (plain-http PUBLIC_URL; unit tests of third-party fixtures).
 */
export async function validateSamlResponse(
  db: Executor, conn: SsoConnection, samlResponse: string, settings: SpSettings, clock: Clock, browserFlows: readonly PresentedFlow[] | null,
): Promise<SsoIdentity & { groups: string[]; inResponseTo: string | null }> {
  if (typeof samlResponse !== 'string' || !samlResponse || samlResponse.length > MAX_RESPONSE_BYTES) {
    throw new SsoRejected('SAML_MALFORMED', 'No SAMLResponse was posted, or it is too large.');
  }
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  const now = clock.now();
  const sp = serviceProvider(db, conn, settings, clock);
  const expected: Expected = {
    acsUrl: sp.acsUrl, idpEntityId: conn.saml_idp_entity_id!, allowIdpInitiated: conn.saml_allow_idp_initiated,
    wantAssertionsSigned: conn.saml_want_assertions_signed, wantResponseSigned: conn.saml_want_response_signed, browserFlows,
  };
  const raw = rawFacts((await readableResponse(xml, settings.decryption)).xml);
  const requestPending = browserFlows !== null && raw.inResponseTo !== null && (await sp.cache.getAsync(raw.inResponseTo)) !== null;
  for (const rule of BEFORE_SIGNATURE) rule({ ...raw, requestPending }, expected, now);
  let profile;
  try {
    ({ profile } = await sp.saml.validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch (err) {
    throw fromNodeSamlError(err);
  }
  if (!profile?.getAssertionXml) throw new SsoRejected('SAML_MALFORMED', 'The response carries no sign-in.');
  // node-saml deletes the answered request id on most paths but not all; make sure it is used up.
  if (raw.inResponseTo && !sp.cache.consumed.has(raw.inResponseTo)) await sp.cache.removeAsync(raw.inResponseTo);
  const signed = signedFacts(profile.getAssertionXml());
  const facts = { ...raw, requestPending, ...signed, requestConsumed: raw.inResponseTo !== null && sp.cache.consumed.has(raw.inResponseTo) };
  for (const rule of AFTER_SIGNATURE) rule(facts, expected, now);
  await rememberAssertion(db, conn.id, signed.assertionId!, signed.validUntil, now);
  const attrs = (profile.attributes ?? {}) as Record<string, unknown>;
  const mapped = mapSamlProfile(attrs, signed.nameId!, conn.attribute_mapping);
  refuseUnstorableIdentity('SAML_INVALID_TEXT', { email: mapped.email, givenName: mapped.givenName, familyName: mapped.familyName, displayName: mapped.displayName, groups: mapped.groups });
  if (!mapped.email) throw new SsoRejected('SSO_EMAIL_MISSING', 'The IdP sent no email address. Map an email attribute in the IdP app.');
  return {
    orgId: conn.org_id, connection: { id: conn.id, label: conn.label }, subject: signed.nameId!, email: mapped.email,
    // The org's own IdP, for a domain the org verified, vouches for the address (domain checked in signIn).
    emailVerified: true,
    displayName: mapped.displayName, givenName: mapped.givenName, familyName: mapped.familyName, groups: mapped.groups,
    inResponseTo: raw.inResponseTo,
  };
}
