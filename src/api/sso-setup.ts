// What the admin API says about an SSO connection: its settings (never the OIDC client secret),
// the exact values an IT admin pastes into the IdP (entity id, ACS URL, metadata URL, redirect
// URI, login and test URLs), each IdP certificate's expiry, and warnings to act on (a certificate
// expiring within 30 days, a connection switched off). Also reads SAML metadata given as a URL
// (through the SSRF guard) or as the uploaded XML, and checks an OIDC issuer's discovery.
import { z } from 'zod';
import type { SsoConnection } from '../db/schema.js';
import { certificateExpiry } from '../domain/sso/connections.js';
import { InvalidInput } from '../domain/errors.js';
import { oidcEndpoints, samlEndpoints } from '../federation/endpoints.js';
import { parseIdpMetadata, type IdpMetadata } from '../federation/idp-metadata.js';
import { fetchIdpMetadata } from '../federation/idp-metadata-fetch.js';

const DAY_MS = 86_400_000;
export const CERT_WARNING_DAYS = 30;

const certificate = z.object({
  expiresAt: z.string().nullable(), daysLeft: z.int().nullable(),
  status: z.enum(['valid', 'expiring', 'expired', 'unreadable']).describe('expiring: within 30 days'),
});
export const mappingSchema = z.strictObject({
  email: z.string().max(512).optional(), givenName: z.string().max(512).optional(), familyName: z.string().max(512).optional(),
  displayName: z.string().max(512).optional(), groups: z.string().max(512).optional(),
}).describe('IdP attribute (SAML) or claim (OIDC) names; defaults are documented in docs/sso-setup.md');

export const connectionSchema = z.object({
  id: z.uuid(), kind: z.enum(['saml', 'oidc']), label: z.string(), enabled: z.boolean(), createdAt: z.string(),
  saml: z.object({
    idpEntityId: z.string(), ssoUrl: z.string(), allowIdpInitiated: z.boolean(),
    signed: z.enum(['assertion', 'response', 'both']), certificates: z.array(certificate),
  }).optional(),
  oidc: z.object({ issuer: z.string(), clientId: z.string(), scopes: z.string(), assumeEmailVerified: z.boolean(), clientSecretSet: z.literal(true) }).optional(),
  mapping: mappingSchema,
  setup: z.object({
    entityId: z.string().optional().describe('SAML: Audience URI / Identifier (Entity ID)'),
    acsUrl: z.string().optional().describe('SAML: Single sign-on URL / Reply URL (ACS)'),
    metadataUrl: z.string().optional().describe('SAML: our SP metadata'),
    redirectUri: z.string().optional().describe('OIDC: sign-in redirect URI'),
    loginUrl: z.string().describe('Starts a sign-in through this connection (Sign on URL / Start URL)'),
    testUrl: z.string().describe('Starts a test sign-in (an Owner\'s browser, signed in): the IdP\'s answer is checked as for a real sign-in, then the identity it sent and what a real sign-in would do are shown; nobody is signed in and the Owner\'s session is unchanged'),
  }),
  warnings: z.array(z.string()),
});
export type ConnectionJson = z.infer<typeof connectionSchema>;

export function connectionJson(c: SsoConnection, publicUrl: string, now: Date): ConnectionJson {
  const login = c.kind === 'saml' ? samlEndpoints(publicUrl, c.id) : oidcEndpoints(publicUrl, c.id);
  const testUrl = `${login.loginUrl}?test=1`;
  const warnings: string[] = [];
  if (!c.enabled) warnings.push('This connection is switched off: nobody can sign in through it.');
  const base = { id: c.id, kind: c.kind, label: c.label, enabled: c.enabled, createdAt: c.created_at.toISOString(), mapping: c.attribute_mapping };
  if (c.kind === 'oidc') {
    return {
      ...base,
      oidc: { issuer: c.oidc_issuer!, clientId: c.oidc_client_id!, scopes: c.oidc_scopes!, assumeEmailVerified: c.oidc_assume_email_verified, clientSecretSet: true },
      setup: { redirectUri: oidcEndpoints(publicUrl, c.id).redirectUri, loginUrl: login.loginUrl, testUrl }, warnings,
    };
  }
  const certificates = (c.saml_idp_certs ?? []).map((cert) => certificateState(cert, now));
  for (const cert of certificates) {
    if (cert.status === 'expired') warnings.push(`An IdP signing certificate expired on ${cert.expiresAt!.slice(0, 10)}: sign-ins signed with it are refused. Upload the IdP's current metadata.`);
    if (cert.status === 'expiring') warnings.push(`An IdP signing certificate expires on ${cert.expiresAt!.slice(0, 10)} (in ${cert.daysLeft} days): upload the IdP's new metadata before then.`);
    if (cert.status === 'unreadable') warnings.push('An IdP signing certificate cannot be read: upload the IdP\'s metadata again.');
  }
  const ep = samlEndpoints(publicUrl, c.id);
  const signed = c.saml_want_assertions_signed && c.saml_want_response_signed ? 'both' : c.saml_want_response_signed ? 'response' : 'assertion';
  return {
    ...base,
    saml: { idpEntityId: c.saml_idp_entity_id!, ssoUrl: c.saml_sso_url!, allowIdpInitiated: c.saml_allow_idp_initiated, signed, certificates },
    setup: { entityId: ep.entityId, acsUrl: ep.acsUrl, metadataUrl: ep.metadataUrl, loginUrl: ep.loginUrl, testUrl }, warnings,
  };
}

function certificateState(base64Der: string, now: Date): z.infer<typeof certificate> {
  const expiry = certificateExpiry(base64Der);
  if (expiry === 'unreadable') return { expiresAt: null, daysLeft: null, status: 'unreadable' };
  const daysLeft = Math.floor((Date.parse(expiry) - now.getTime()) / DAY_MS);
  const status = Date.parse(expiry) <= now.getTime() ? 'expired' : daysLeft < CERT_WARNING_DAYS ? 'expiring' : 'valid';
  return { expiresAt: expiry, daysLeft, status };
}

/** The signing rule from the API's one-word form (assertion is what Okta, Entra and Google sign by default). */
export function signedParts(signed: 'assertion' | 'response' | 'both'): { wantAssertionsSigned: boolean; wantResponseSigned: boolean } {
  return { wantAssertionsSigned: signed !== 'response', wantResponseSigned: signed !== 'assertion' };
}

/** IdP metadata from exactly one of a URL (fetched through the SSRF guard) or the XML itself. */
export async function readIdpMetadata(source: { metadataUrl?: string | undefined; metadataXml?: string | undefined }, allowPrivate: boolean): Promise<IdpMetadata> {
  if ((source.metadataUrl === undefined) === (source.metadataXml === undefined)) {
    throw new InvalidInput('metadataUrl', 'give either the IdP metadata URL or the metadata XML file');
  }
  return parseIdpMetadata(source.metadataXml ?? await fetchIdpMetadata(source.metadataUrl!, allowPrivate));
}
