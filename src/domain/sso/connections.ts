// SSO connections of an organization: what an operator registers (SAML IdP or OIDC issuer) and
// the look-ups sign-in needs. Inputs arrive already parsed (metadata XML and discovery are read
// at the edge); here they are checked and stored. The OIDC client secret is never listed.
import { X509Certificate } from 'node:crypto';
import type { Executor } from '../storage/transaction.js';
import type { AttributeMapping, SsoConnection, SsoKind } from '../../db/schema.js';
import { InvalidInput, SsoConnectionNotFound } from '../errors.js';
import { isUuid } from '../ids.js';

export interface NewSamlConnection {
  orgId: string;
  label?: string;
  idpEntityId: string;
  ssoUrl: string;
  /** PEM or bare base64 certificates; several during a rotation. */
  certificates: string[];
  allowIdpInitiated?: boolean;
  wantAssertionsSigned?: boolean;
  wantResponseSigned?: boolean;
  mapping?: AttributeMapping;
}

export interface NewOidcConnection {
  orgId: string;
  label?: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes?: string;
  assumeEmailVerified?: boolean;
  mapping?: AttributeMapping;
}

/** What can change on an OIDC connection in place (a rotated client secret, above all). */
export interface OidcConnectionChanges {
  clientId?: string;
  clientSecret?: string;
  scopes?: string;
}

export interface ConnectionSummary {
  id: string; orgId: string; kind: SsoKind; label: string; enabled: boolean; createdAt: string;
  saml?: { idpEntityId: string; ssoUrl: string; certificates: number; certificatesExpire: string[]; allowIdpInitiated: boolean; wantAssertionsSigned: boolean; wantResponseSigned: boolean };
  oidc?: { issuer: string; clientId: string; scopes: string; assumeEmailVerified: boolean };
  mapping: AttributeMapping;
}

const MAPPING_KEYS = ['email', 'givenName', 'familyName', 'displayName', 'groups'] as const;

export async function addSamlConnection(db: Executor, input: NewSamlConnection): Promise<SsoConnection> {
  const certificates = input.certificates.map(normalizeCertificate);
  if (certificates.length === 0) throw new InvalidInput('certificate', 'at least one IdP signing certificate is required');
  if (input.wantAssertionsSigned === false && input.wantResponseSigned !== true) {
    throw new InvalidInput('signing', 'the response or the assertion must be signed');
  }
  return db.insertInto('sso_connections').values({
    org_id: input.orgId,
    kind: 'saml',
    label: label(input.label, `SAML ${hostOf(input.ssoUrl)}`),
    saml_idp_entity_id: required('idp-entity-id', input.idpEntityId),
    saml_sso_url: httpsUrl('sso-url', input.ssoUrl),
    saml_idp_certs: JSON.stringify(certificates),
    saml_allow_idp_initiated: input.allowIdpInitiated ?? false,
    saml_want_assertions_signed: input.wantAssertionsSigned ?? true,
    saml_want_response_signed: input.wantResponseSigned ?? false,
    attribute_mapping: JSON.stringify(checkMapping(input.mapping ?? {})),
  }).returningAll().executeTakeFirstOrThrow();
}

export async function addOidcConnection(db: Executor, input: NewOidcConnection): Promise<SsoConnection> {
  return db.insertInto('sso_connections').values({
    org_id: input.orgId,
    kind: 'oidc',
    label: label(input.label, `OIDC ${hostOf(input.issuer)}`),
    oidc_issuer: httpsUrl('issuer', input.issuer),
    oidc_client_id: required('client-id', input.clientId),
    oidc_client_secret: required('client-secret', input.clientSecret),
    oidc_scopes: checkScopes(input.scopes ?? 'openid email profile'),
    oidc_assume_email_verified: input.assumeEmailVerified ?? false,
    attribute_mapping: JSON.stringify(checkMapping(input.mapping ?? {})),
  }).returningAll().executeTakeFirstOrThrow();
}

/**
 * Edits an OIDC connection's client (`seatgate sso update-oidc`), through updateConnection. The
 * database raises the row's version on every UPDATE (0420), which is what makes the next sign-in,
 * in every process, use the new values.
 */
export async function updateOidcConnection(db: Executor, orgId: string, id: string, changes: OidcConnectionChanges): Promise<SsoConnection> {
  if (Object.values(changes).every((v) => v === undefined)) throw new InvalidInput('changes', 'name at least one thing to change');
  // A SAML connection is not an OIDC connection of this org: not found, as the id of another org's.
  if ((await getOrgConnection(db, orgId, id)).kind !== 'oidc') throw new SsoConnectionNotFound(id);
  return updateConnection(db, orgId, id, { oidc: changes });
}

export async function listConnections(db: Executor, orgId: string): Promise<SsoConnection[]> {
  return db.selectFrom('sso_connections').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute();
}

export async function getConnection(db: Executor, id: string): Promise<SsoConnection> {
  const row = isUuid(id) ? await db.selectFrom('sso_connections').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw new SsoConnectionNotFound(id);
  return row;
}

/** The connection home realm discovery starts: the org's oldest enabled one. */
export async function primaryConnection(db: Executor, orgId: string): Promise<SsoConnection | null> {
  return (await db.selectFrom('sso_connections').selectAll().where('org_id', '=', orgId).where('enabled', '=', true)
    .orderBy('created_at').orderBy('id').limit(1).executeTakeFirst()) ?? null;
}

/** One connection of `orgId`; another org's connection is not found, like a missing one. */
export async function getOrgConnection(db: Executor, orgId: string, id: string): Promise<SsoConnection> {
  const row = isUuid(id) ? await db.selectFrom('sso_connections').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst() : undefined;
  if (!row) throw new SsoConnectionNotFound(id);
  return row;
}

/**
 * What can change on a connection. Its kind and an OIDC issuer cannot: identities are keyed on
 * (connection, subject) and a subject is only unique per issuer, so another issuer is another
 * connection. SAML metadata may be replaced (certificate rotation, a moved SSO URL).
 */
export interface ConnectionChange {
  label?: string;
  enabled?: boolean;
  saml?: { idpEntityId?: string; ssoUrl?: string; certificates?: string[]; allowIdpInitiated?: boolean; wantAssertionsSigned?: boolean; wantResponseSigned?: boolean };
  oidc?: { clientId?: string; clientSecret?: string; scopes?: string; assumeEmailVerified?: boolean };
  mapping?: AttributeMapping;
}

export async function updateConnection(db: Executor, orgId: string, id: string, change: ConnectionChange): Promise<SsoConnection> {
  const current = await getOrgConnection(db, orgId, id);
  const set: Record<string, unknown> = {};
  if (change.label !== undefined) set.label = label(change.label, current.label);
  if (change.enabled !== undefined) set.enabled = change.enabled;
  if (change.mapping !== undefined) set.attribute_mapping = JSON.stringify(checkMapping(change.mapping));
  const saml = change.saml;
  if (saml && current.kind !== 'saml') throw new InvalidInput('saml', 'this is an OIDC connection');
  if (saml) {
    if (saml.idpEntityId !== undefined) set.saml_idp_entity_id = required('idp-entity-id', saml.idpEntityId);
    if (saml.ssoUrl !== undefined) set.saml_sso_url = httpsUrl('sso-url', saml.ssoUrl);
    if (saml.certificates !== undefined) {
      const certs = saml.certificates.map(normalizeCertificate);
      if (certs.length === 0) throw new InvalidInput('certificate', 'at least one IdP signing certificate is required');
      set.saml_idp_certs = JSON.stringify(certs);
    }
    if (saml.allowIdpInitiated !== undefined) set.saml_allow_idp_initiated = saml.allowIdpInitiated;
    const assertions = saml.wantAssertionsSigned ?? current.saml_want_assertions_signed;
    const response = saml.wantResponseSigned ?? current.saml_want_response_signed;
    if (!assertions && !response) throw new InvalidInput('signing', 'the response or the assertion must be signed');
    set.saml_want_assertions_signed = assertions;
    set.saml_want_response_signed = response;
  }
  const oidc = change.oidc;
  if (oidc && current.kind !== 'oidc') throw new InvalidInput('oidc', 'this is a SAML connection');
  if (oidc) {
    if (oidc.clientId !== undefined) set.oidc_client_id = required('client-id', oidc.clientId);
    if (oidc.clientSecret !== undefined) set.oidc_client_secret = required('client-secret', oidc.clientSecret);
    if (oidc.scopes !== undefined) set.oidc_scopes = checkScopes(oidc.scopes);
    if (oidc.assumeEmailVerified !== undefined) set.oidc_assume_email_verified = oidc.assumeEmailVerified;
  }
  if (Object.keys(set).length === 0) return current;
  return db.updateTable('sso_connections').set(set).where('id', '=', current.id).where('org_id', '=', orgId)
    .returningAll().executeTakeFirstOrThrow(() => new SsoConnectionNotFound(id));
}

export async function removeConnection(db: Executor, orgId: string, id: string): Promise<void> {
  const res = isUuid(id) ? await db.deleteFrom('sso_connections').where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst() : null;
  if (!res || Number(res.numDeletedRows) !== 1) throw new SsoConnectionNotFound(id);
}

export function summarize(c: SsoConnection): ConnectionSummary {
  return {
    id: c.id, orgId: c.org_id, kind: c.kind, label: c.label, enabled: c.enabled, createdAt: c.created_at.toISOString(),
    ...(c.kind === 'saml' ? { saml: {
      idpEntityId: c.saml_idp_entity_id!, ssoUrl: c.saml_sso_url!, certificates: (c.saml_idp_certs ?? []).length,
      certificatesExpire: (c.saml_idp_certs ?? []).map(certificateExpiry),
      allowIdpInitiated: c.saml_allow_idp_initiated, wantAssertionsSigned: c.saml_want_assertions_signed, wantResponseSigned: c.saml_want_response_signed,
    } } : { oidc: { issuer: c.oidc_issuer!, clientId: c.oidc_client_id!, scopes: c.oidc_scopes!, assumeEmailVerified: c.oidc_assume_email_verified } }),
    mapping: c.attribute_mapping,
  };
}

/** A certificate as bare base64 DER (the form node-saml and metadata use), whatever the input form. */
export function normalizeCertificate(raw: string): string {
  const body = String(raw).replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]{100,}={0,2}$/.test(body)) throw new InvalidInput('certificate', 'is not a PEM or base64 X.509 certificate');
  return body;
}

/** When an IdP certificate stops being valid (ISO date), so operators can rotate before it does. */
export function certificateExpiry(base64Der: string): string {
  try { return new Date(new X509Certificate(Buffer.from(base64Der, 'base64')).validTo).toISOString(); } catch { return 'unreadable'; }
}

function checkScopes(value: string): string {
  const scopes = String(value).trim().split(/\s+/);
  if (!scopes.includes('openid')) throw new InvalidInput('scopes', 'must include openid');
  return scopes.join(' ');
}

function checkMapping(mapping: AttributeMapping): AttributeMapping {
  const out: AttributeMapping = {};
  for (const [key, value] of Object.entries(mapping)) {
    if (!(MAPPING_KEYS as readonly string[]).includes(key)) throw new InvalidInput('mapping', `unknown field "${key}" (known: ${MAPPING_KEYS.join(', ')})`);
    if (typeof value !== 'string' || !value.trim() || value.length > 512) throw new InvalidInput('mapping', `${key} must name an attribute`);
    out[key as (typeof MAPPING_KEYS)[number]] = value.trim();
  }
  return out;
}

function required(field: string, value: string): string {
  const v = String(value ?? '').trim();
  if (!v || v.length > 2048) throw new InvalidInput(field, 'is required (at most 2048 characters)');
  return v;
}

function httpsUrl(field: string, value: string): string {
  // Kept exactly as given: an OIDC issuer must equal the IdP's own `iss`, trailing slash and all.
  const v = required(field, value);
  let url: URL;
  try { url = new URL(v); } catch { throw new InvalidInput(field, `"${value}" is not a URL`); }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidInput(field, 'must be an http(s) URL');
  return v;
}

function hostOf(url: string): string {
  try { return new URL(url).host; } catch { return 'IdP'; }
}

function label(given: string | undefined, fallback: string): string {
  const v = (given ?? '').trim() || fallback;
  return v.slice(0, 200);
}
