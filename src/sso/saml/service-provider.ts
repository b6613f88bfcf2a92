// Builds node-saml for one connection with every security option set by us (STYLE §7), never
// its defaults: signed assertions (and responses where the connection asks), our audience,
// the IdP's issuer, InResponseTo required unless IdP-initiated is allowed (then checked when
// present), a database-backed request cache, SHA-256, the configured clock skew, and the SP
// decryption key when the operator configured one (then published in the SP metadata).
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import type { SsoConnection } from '../../db/schema.js';
import type { Executor } from '../../domain/storage/transaction.js';
import type { Clock } from '../../domain/clock.js';
import { DbRequestCache, REQUEST_TTL_MS } from './request-cache.js';
import type { SpDecryption } from './encrypted-assertion.js';
import { samlEndpoints, type SamlEndpoints } from '../../federation/endpoints.js';

export interface SpSettings {
  publicUrl: string;
  clockSkewMs: number;
  signing: { privateKey: string; certificate: string } | null;
  /** SAML_SP_DECRYPTION_KEY_FILE / _CERT_FILE: opens encrypted assertions. */
  decryption: SpDecryption | null;
  /** Unit tests of third-party fixtures only: their own ACS and audience. Never set in production. */
  endpoints?: (connectionId: string) => SamlEndpoints;
  /** Unit tests of dated third-party fixtures only (0 = no limit). Default MAX_ASSERTION_AGE_MS. */
  maxAssertionAgeMs?: number;
}

export interface ServiceProvider { saml: SAML; cache: DbRequestCache; acsUrl: string; entityId: string }

/** An assertion older than this (from IssueInstant) is refused even if it states a later expiry. */
export const MAX_ASSERTION_AGE_MS = 10 * 60_000;

export function serviceProvider(db: Executor, conn: SsoConnection, settings: SpSettings, clock: Clock): ServiceProvider {
  const ep = settings.endpoints?.(conn.id) ?? samlEndpoints(settings.publicUrl, conn.id);
  const cache = new DbRequestCache(db, conn.id, clock);
  const saml = new SAML({
    issuer: ep.entityId,
    callbackUrl: ep.acsUrl,
    audience: ep.entityId,
    entryPoint: conn.saml_sso_url!,
    idpIssuer: conn.saml_idp_entity_id!,
    idpCert: (conn.saml_idp_certs ?? []).map(toPem),
    wantAssertionsSigned: conn.saml_want_assertions_signed,
    wantAuthnResponseSigned: conn.saml_want_response_signed,
    validateInResponseTo: conn.saml_allow_idp_initiated ? ValidateInResponseTo.ifPresent : ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_TTL_MS,
    cacheProvider: cache,
    acceptedClockSkewMs: settings.clockSkewMs,
    maxAssertionAgeMs: settings.maxAssertionAgeMs ?? MAX_ASSERTION_AGE_MS,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    identifierFormat: null,
    // Entra and Okta refuse a RequestedAuthnContext they did not use (MFA, passwordless).
    disableRequestedAuthnContext: true,
    ...(settings.signing ? { privateKey: settings.signing.privateKey, publicCert: settings.signing.certificate } : {}),
    ...(settings.decryption ? { decryptionPvk: settings.decryption.privateKey } : {}),
  });
  return { saml, cache, acsUrl: ep.acsUrl, entityId: ep.entityId };
}

/** SP metadata: the signing certificate (KeyDescriptor use="signing") and the encryption one (use="encryption"), when configured. */
export function spMetadata(sp: ServiceProvider, settings: Pick<SpSettings, 'signing' | 'decryption'>): string {
  return sp.saml.generateServiceProviderMetadata(settings.decryption?.certificate ?? null, settings.signing?.certificate ?? null);
}

export function toPem(cert: string): string {
  if (cert.includes('BEGIN CERTIFICATE')) return cert;
  return `-----BEGIN CERTIFICATE-----\n${cert.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}
