// `seatgate sso …`: register, list and remove an organization's SAML and OIDC connections.
// Metadata and discovery given as URLs are fetched through the SSRF guard; every failure to
// fetch them has its code (SSO_FETCH_REFUSED, SAML_METADATA_UNREACHABLE, OIDC_IDP_UNREACHABLE).
import fs from 'node:fs';
import { defineCommand, UsageError, type OptionSpec, type Values } from '../command.js';
import { flag, httpUrl, oneOf, optionalText, text } from '../arguments.js';
import { orgOption } from './org-option.js';
import { getOrgBySlug } from '../../domain/orgs/orgs.js';
import { addOidcConnection, addSamlConnection, listConnections, removeConnection, summarize, updateOidcConnection, type ConnectionSummary } from '../../domain/sso/connections.js';
import type { AttributeMapping } from '../../db/schema.js';
import { parseIdpMetadata } from '../../federation/idp-metadata.js';
import { fetchIdpMetadata } from '../../federation/idp-metadata-fetch.js';
import { checkIssuer } from '../../federation/oidc-issuer-check.js';
import { oidcEndpoints, samlEndpoints } from '../../federation/endpoints.js';
import { table } from '../format.js';

const mappingOptions: Record<string, OptionSpec> = {
  label: { type: 'string', value: 'TEXT', help: 'a name for the connection, shown in `sso list`' },
  'map-email': { type: 'string', value: 'ATTR', help: 'the attribute or claim that holds the email (default: the usual names)' },
  'map-given-name': { type: 'string', value: 'ATTR', help: 'the attribute or claim that holds the given name' },
  'map-family-name': { type: 'string', value: 'ATTR', help: 'the attribute or claim that holds the family name' },
  'map-display-name': { type: 'string', value: 'ATTR', help: 'the attribute or claim that holds the display name' },
  'map-groups': { type: 'string', value: 'ATTR', help: 'the attribute or claim that lists the groups' },
};

interface SamlInput { slug: string; source: { url: string } | { xml: string; file: string }; signed: ReturnType<typeof signedParts>; allowIdpInitiated: boolean; label?: string; mapping: AttributeMapping }

export const ssoAddSaml = defineCommand<SamlInput>({
  words: ['sso', 'add-saml'],
  summary: 'add a SAML connection from the IdP metadata',
  options: {
    org: orgOption,
    metadata: { type: 'string', value: 'FILE|URL', required: true, help: 'the IdP\'s SAML metadata: a file, or an https URL to fetch it from' },
    'allow-idp-initiated': { type: 'boolean', help: 'accept sign-ins started at the IdP (app tiles), not only those started here' },
    signed: { type: 'string', value: 'assertion|response|both', help: 'what the IdP must sign (default assertion, as Okta, Entra and Google do)' },
    ...mappingOptions,
  },
  example: ['sso', 'add-saml', '--org', 'acme-corp', '--metadata', 'https://acme.okta.com/app/exk1a2b3c/sso/saml/metadata'],
  notes: ['Prints the Entity ID, ACS URL and SP metadata URL to give the IdP. See docs/sso-setup.md.'],
  parse(v) {
    const source = text(v, 'metadata');
    return {
      slug: text(v, 'org'), source: /^https?:\/\//i.test(source) ? { url: httpUrl(v, 'metadata') } : { xml: readFile(source), file: source },
      signed: signedParts(v), allowIdpInitiated: flag(v, 'allow-idp-initiated'), ...label(v), mapping: mapping(v),
    };
  },
  async run(ctx, input) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, input.slug);
    const xml = 'url' in input.source ? await fetchIdpMetadata(input.source.url, ctx.config.ssoFetchAllowPrivate) : input.source.xml;
    const meta = parseIdpMetadata(xml);
    const row = await addSamlConnection(db, {
      orgId: org.id, label: input.label, idpEntityId: meta.entityId, ssoUrl: meta.ssoUrl, certificates: meta.certificates,
      allowIdpInitiated: input.allowIdpInitiated, ...input.signed, mapping: input.mapping,
    });
    const ep = samlEndpoints(ctx.config.publicUrl, row.id);
    return {
      json: { ...summarize(row), sp: ep },
      text: [`Added SAML connection ${row.id} for ${org.slug} (IdP ${meta.entityId}, ${meta.certificates.length} certificate(s)).`,
        'Give your IdP these values:', `  Entity ID / Audience:  ${ep.entityId}`, `  ACS (Reply) URL:       ${ep.acsUrl}`,
        `  SP metadata:           ${ep.metadataUrl}`].join('\n'),
    };
  },
});

interface OidcInput { slug: string; issuer: string; clientId: string; clientSecret: string; scopes?: string; assumeEmailVerified: boolean; skipDiscovery: boolean; label?: string; mapping: AttributeMapping }

export const ssoAddOidc = defineCommand<OidcInput>({
  words: ['sso', 'add-oidc'],
  summary: 'add an OIDC connection (checks the issuer\'s discovery document)',
  options: {
    org: orgOption,
    issuer: { type: 'string', value: 'URL', required: true, help: 'the issuer, exactly as the IdP publishes it (https; for Entra with /v2.0)' },
    'client-id': { type: 'string', value: 'ID', required: true, help: 'the client id of the app registered at the IdP' },
    'client-secret': { type: 'string', value: 'SECRET', required: true, help: 'its client secret (stored; never listed)' },
    scopes: { type: 'string', value: '"openid email profile"', help: 'the scopes to ask for, space-separated; must include openid' },
    'assume-email-verified': { type: 'boolean', help: 'trust the email claim without email_verified (Entra never sends it; see docs/sso-setup.md)' },
    'skip-discovery': { type: 'boolean', help: 'save without fetching the discovery document now (it is fetched at the first sign-in)' },
    ...mappingOptions,
  },
  example: ['sso', 'add-oidc', '--org', 'acme-corp', '--issuer', 'https://login.example.com', '--client-id', 'seatgate', '--client-secret', 's3cret'],
  notes: ['Prints the redirect URI to register at the IdP. A discovery failure is SSO_FETCH_REFUSED, OIDC_ISSUER_MISMATCH or OIDC_IDP_UNREACHABLE.'],
  parse(v) {
    const scopes = optionalText(v, 'scopes');
    if (scopes !== undefined && !scopes.split(/\s+/).includes('openid')) throw new UsageError('--scopes must include openid');
    return {
      slug: text(v, 'org'), issuer: httpUrl(v, 'issuer'), clientId: text(v, 'client-id'), clientSecret: text(v, 'client-secret'),
      ...(scopes !== undefined ? { scopes } : {}), assumeEmailVerified: flag(v, 'assume-email-verified'), skipDiscovery: flag(v, 'skip-discovery'),
      ...label(v), mapping: mapping(v),
    };
  },
  async run(ctx, input) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, input.slug);
    if (!input.skipDiscovery) await checkIssuer(input.issuer, { allowPrivate: ctx.config.ssoFetchAllowPrivate });
    const row = await addOidcConnection(db, {
      orgId: org.id, label: input.label, issuer: input.issuer, clientId: input.clientId, clientSecret: input.clientSecret,
      ...(input.scopes !== undefined ? { scopes: input.scopes } : {}), assumeEmailVerified: input.assumeEmailVerified, mapping: input.mapping,
    });
    const ep = oidcEndpoints(ctx.config.publicUrl, row.id);
    return {
      json: { ...summarize(row), rp: ep },
      text: [`Added OIDC connection ${row.id} for ${org.slug} (issuer ${input.issuer}).`, `Register this redirect URI at the IdP: ${ep.redirectUri}`].join('\n'),
    };
  },
});

export const ssoUpdateOidc = defineCommand<{ slug: string; id: string; changes: { clientId?: string; clientSecret?: string; scopes?: string } }>({
  words: ['sso', 'update-oidc'],
  summary: 'change an OIDC connection\'s client secret, client id or scopes (the next sign-in uses them)',
  options: {
    org: orgOption,
    id: { type: 'string', value: 'CONNECTION_ID', required: true, help: 'the connection\'s id, as `seatgate sso list` shows it' },
    'client-secret': { type: 'string', value: 'SECRET', help: 'the new client secret (after rotating it at the IdP)' },
    'client-id': { type: 'string', value: 'ID', help: 'the new client id' },
    scopes: { type: 'string', value: '"openid email profile"', help: 'the scopes to ask for, space-separated; must include openid' },
  },
  example: ['sso', 'update-oidc', '--org', 'acme-corp', '--id', '6f1c2a4e-0000-4000-8000-000000000000', '--client-secret', 'n3w-s3cret'],
  notes: ['Every process uses the change at the next sign-in (the cached client configuration follows the connection\'s version).'],
  parse(v) {
    const clientId = optionalText(v, 'client-id');
    const clientSecret = optionalText(v, 'client-secret');
    const scopes = optionalText(v, 'scopes');
    if (scopes !== undefined && !scopes.split(/\s+/).includes('openid')) throw new UsageError('--scopes must include openid');
    if (clientId === undefined && clientSecret === undefined && scopes === undefined) throw new UsageError('name what to change: --client-secret, --client-id or --scopes');
    return {
      slug: text(v, 'org'), id: text(v, 'id'),
      changes: { ...(clientId !== undefined ? { clientId } : {}), ...(clientSecret !== undefined ? { clientSecret } : {}), ...(scopes !== undefined ? { scopes } : {}) },
    };
  },
  async run(ctx, { slug, id, changes }) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    const row = await updateOidcConnection(db, org.id, id, changes);
    const changed = Object.keys(changes).map((k) => ({ clientId: 'client id', clientSecret: 'client secret', scopes: 'scopes' }[k])).join(', ');
    return { json: summarize(row), text: `Updated OIDC connection ${row.id} of ${org.slug} (${changed}); the next sign-in uses it.` };
  },
});

export const ssoList = defineCommand({
  words: ['sso', 'list'],
  summary: 'list an organization\'s SSO connections',
  options: { org: orgOption },
  example: ['sso', 'list', '--org', 'acme-corp'],
  notes: ['Warns about IdP certificates that expire within 30 days (add the IdP\'s new metadata before then).'],
  parse: (v) => ({ slug: text(v, 'org') }),
  async run(ctx, { slug }) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    const rows = (await listConnections(db, org.id)).map(summarize);
    const text = rows.length === 0 ? `No SSO connections for ${org.slug}. Add one with \`seatgate sso add-saml\` or \`seatgate sso add-oidc\`.`
      : table(['id', 'kind', 'label', 'idp', 'enabled'], rows.map((r: ConnectionSummary) => [r.id, r.kind, r.label, r.saml?.idpEntityId ?? r.oidc?.issuer ?? '', r.enabled ? 'yes' : 'no']));
    const soon = rows.flatMap((r) => (r.saml?.certificatesExpire ?? []).filter((d) => d === 'unreadable' || Date.parse(d) - Date.now() < 30 * 86_400_000)
      .map((d) => `warning: connection ${r.id} has an IdP certificate ${d === 'unreadable' ? 'that cannot be read' : `expiring ${d.slice(0, 10)}`}; add the IdP's new metadata before then.`));
    return { json: rows, text: [text, ...soon].join('\n') };
  },
});

export const ssoRemove = defineCommand({
  words: ['sso', 'remove'],
  summary: 'remove an SSO connection (its members stay; their links to it go)',
  options: {
    org: orgOption,
    id: { type: 'string', value: 'CONNECTION_ID', required: true, help: 'the connection\'s id, as `seatgate sso list` shows it' },
  },
  example: ['sso', 'remove', '--org', 'acme-corp', '--id', '6f1c2a4e-0000-4000-8000-000000000000'],
  parse: (v) => ({ slug: text(v, 'org'), id: text(v, 'id') }),
  async run(ctx, { slug, id }) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    await removeConnection(db, org.id, id);
    return { json: { removed: id }, text: `Removed SSO connection ${id} from ${org.slug}.` };
  },
});

function readFile(file: string): string {
  try { return fs.readFileSync(file, 'utf8'); } catch (err) {
    throw new UsageError(`--metadata: cannot read the file ${file} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
}

// What must carry the IdP's signature: the assertion (Okta, Entra and Google default), the whole
// response (an IdP that signs only that), or both.
function signedParts(v: Values): { wantAssertionsSigned: boolean; wantResponseSigned: boolean } {
  const signed = oneOf(v, 'signed', ['assertion', 'response', 'both'] as const, 'assertion');
  return { wantAssertionsSigned: signed !== 'response', wantResponseSigned: signed !== 'assertion' };
}

function label(v: Values): { label?: string } {
  const l = optionalText(v, 'label', 200);
  return l !== undefined ? { label: l } : {};
}

function mapping(v: Values): AttributeMapping {
  const out: AttributeMapping = {};
  const pairs: Array<[keyof AttributeMapping, string]> = [['email', 'map-email'], ['givenName', 'map-given-name'], ['familyName', 'map-family-name'], ['displayName', 'map-display-name'], ['groups', 'map-groups']];
  for (const [key, opt] of pairs) {
    const value = optionalText(v, opt, 512);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
