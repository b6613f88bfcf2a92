// `seatgate sso …`: register, list and remove an organization's SAML and OIDC connections.
// Metadata and discovery given as URLs are fetched through the SSRF guard.
import fs from 'node:fs';
import type { Command, CliContext } from '../command.js';
import { requireString, UsageError } from '../command.js';
import { getOrgBySlug } from '../../domain/orgs/orgs.js';
import { addOidcConnection, addSamlConnection, listConnections, removeConnection, summarize, updateOidcConnection, type ConnectionSummary } from '../../domain/sso/connections.js';
import type { AttributeMapping } from '../../db/schema.js';
import { parseIdpMetadata } from '../../sso/saml/idp-metadata.js';
import { guardedFetch } from '../../sso/guarded-fetch.js';
import { discoverIssuer } from '../../sso/oidc/discovery.js';
import { oidcEndpoints, samlEndpoints } from '../../sso/endpoints.js';
import { table } from '../format.js';

const mappingOptions = {
  'map-email': { type: 'string' }, 'map-given-name': { type: 'string' }, 'map-family-name': { type: 'string' },
  'map-display-name': { type: 'string' }, 'map-groups': { type: 'string' }, label: { type: 'string' },
} as const;

export const ssoAddSaml: Command = {
  words: ['sso', 'add-saml'],
  usage: 'seatgate sso add-saml --org SLUG --metadata FILE|URL [--label TEXT] [--allow-idp-initiated] [--signed assertion|response|both] [--map-email ATTR …] [--json]',
  summary: 'add a SAML connection from the IdP metadata',
  options: { org: { type: 'string' }, metadata: { type: 'string' }, 'allow-idp-initiated': { type: 'boolean' }, signed: { type: 'string' }, ...mappingOptions },
  async run(ctx, v) {
    const org = await getOrgBySlug(await ctx.db(), requireString(v, 'org'));
    const source = requireString(v, 'metadata');
    const meta = parseIdpMetadata(await readSource(ctx, source));
    const row = await addSamlConnection(await ctx.db(), {
      orgId: org.id, label: v.label as string | undefined, idpEntityId: meta.entityId, ssoUrl: meta.ssoUrl, certificates: meta.certificates,
      allowIdpInitiated: v['allow-idp-initiated'] === true, ...signedParts(v.signed), mapping: mapping(v),
    });
    const ep = samlEndpoints(ctx.config.publicUrl, row.id);
    return {
      json: { ...summarize(row), sp: ep },
      text: [`Added SAML connection ${row.id} for ${org.slug} (IdP ${meta.entityId}, ${meta.certificates.length} certificate(s)).`,
        'Give your IdP these values:', `  Entity ID / Audience:  ${ep.entityId}`, `  ACS (Reply) URL:       ${ep.acsUrl}`,
        `  SP metadata:           ${ep.metadataUrl}`].join('\n'),
    };
  },
};

export const ssoAddOidc: Command = {
  words: ['sso', 'add-oidc'],
  usage: 'seatgate sso add-oidc --org SLUG --issuer URL --client-id ID --client-secret SECRET [--scopes "openid email profile"] [--assume-email-verified] [--skip-discovery] [--label TEXT] [--json]',
  summary: 'add an OIDC connection (checks the issuer\'s discovery document)',
  options: {
    org: { type: 'string' }, issuer: { type: 'string' }, 'client-id': { type: 'string' }, 'client-secret': { type: 'string' },
    scopes: { type: 'string' }, 'assume-email-verified': { type: 'boolean' }, 'skip-discovery': { type: 'boolean' }, ...mappingOptions,
  },
  async run(ctx, v) {
    const org = await getOrgBySlug(await ctx.db(), requireString(v, 'org'));
    const issuer = requireString(v, 'issuer');
    if (v['skip-discovery'] !== true) await discoverIssuer(issuer, { allowPrivate: ctx.config.ssoFetchAllowPrivate });
    const row = await addOidcConnection(await ctx.db(), {
      orgId: org.id, label: v.label as string | undefined, issuer, clientId: requireString(v, 'client-id'), clientSecret: requireString(v, 'client-secret'),
      ...(typeof v.scopes === 'string' ? { scopes: v.scopes } : {}), assumeEmailVerified: v['assume-email-verified'] === true, mapping: mapping(v),
    });
    const ep = oidcEndpoints(ctx.config.publicUrl, row.id);
    return {
      json: { ...summarize(row), rp: ep },
      text: [`Added OIDC connection ${row.id} for ${org.slug} (issuer ${issuer}).`, `Register this redirect URI at the IdP: ${ep.redirectUri}`].join('\n'),
    };
  },
};

export const ssoUpdateOidc: Command = {
  words: ['sso', 'update-oidc'],
  usage: 'seatgate sso update-oidc --org SLUG --id CONNECTION_ID [--client-secret SECRET] [--client-id ID] [--scopes "openid email profile"] [--json]',
  summary: 'change an OIDC connection\'s client secret, client id or scopes (the next sign-in uses them)',
  options: { org: { type: 'string' }, id: { type: 'string' }, 'client-id': { type: 'string' }, 'client-secret': { type: 'string' }, scopes: { type: 'string' } },
  async run(ctx, v) {
    const org = await getOrgBySlug(await ctx.db(), requireString(v, 'org'));
    const changes = {
      ...(typeof v['client-id'] === 'string' ? { clientId: v['client-id'] } : {}),
      ...(typeof v['client-secret'] === 'string' ? { clientSecret: v['client-secret'] } : {}),
      ...(typeof v.scopes === 'string' ? { scopes: v.scopes } : {}),
    };
    if (Object.keys(changes).length === 0) throw new UsageError('name what to change: --client-secret, --client-id or --scopes');
    const row = await updateOidcConnection(await ctx.db(), org.id, requireString(v, 'id'), changes);
    const changed = Object.keys(changes).map((k) => ({ clientId: 'client id', clientSecret: 'client secret', scopes: 'scopes' }[k])).join(', ');
    return { json: summarize(row), text: `Updated OIDC connection ${row.id} of ${org.slug} (${changed}); the next sign-in uses it.` };
  },
};

export const ssoList: Command = {
  words: ['sso', 'list'],
  usage: 'seatgate sso list --org SLUG [--json]',
  summary: 'list an organization\'s SSO connections',
  options: { org: { type: 'string' } },
  async run(ctx, v) {
    const org = await getOrgBySlug(await ctx.db(), requireString(v, 'org'));
    const rows = (await listConnections(await ctx.db(), org.id)).map(summarize);
    const text = rows.length === 0 ? `No SSO connections for ${org.slug}. Add one with \`seatgate sso add-saml\` or \`seatgate sso add-oidc\`.`
      : table(['id', 'kind', 'label', 'idp', 'enabled'], rows.map((r: ConnectionSummary) => [r.id, r.kind, r.label, r.saml?.idpEntityId ?? r.oidc?.issuer ?? '', r.enabled ? 'yes' : 'no']));
    const soon = rows.flatMap((r) => (r.saml?.certificatesExpire ?? []).filter((d) => d === 'unreadable' || Date.parse(d) - Date.now() < 30 * 86_400_000)
      .map((d) => `warning: connection ${r.id} has an IdP certificate ${d === 'unreadable' ? 'that cannot be read' : `expiring ${d.slice(0, 10)}`}; add the IdP's new metadata before then.`));
    return { json: rows, text: [text, ...soon].join('\n') };
  },
};

export const ssoRemove: Command = {
  words: ['sso', 'remove'],
  usage: 'seatgate sso remove --org SLUG --id CONNECTION_ID [--json]',
  summary: 'remove an SSO connection (its members stay; their links to it go)',
  options: { org: { type: 'string' }, id: { type: 'string' } },
  async run(ctx, v) {
    const org = await getOrgBySlug(await ctx.db(), requireString(v, 'org'));
    const id = requireString(v, 'id');
    await removeConnection(await ctx.db(), org.id, id);
    return { json: { removed: id }, text: `Removed SSO connection ${id} from ${org.slug}.` };
  },
};

async function readSource(ctx: CliContext, source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const res = await guardedFetch({ allowPrivate: ctx.config.ssoFetchAllowPrivate })(source);
    if (!res.ok) throw new UsageError(`fetching ${source} answered HTTP ${res.status}`);
    return res.text();
  }
  try { return fs.readFileSync(source, 'utf8'); } catch { throw new UsageError(`cannot read metadata file ${source}`); }
}

// What must carry the IdP's signature: the assertion (Okta, Entra and Google default), the whole
// response (an IdP that signs only that), or both.
function signedParts(value: unknown): { wantAssertionsSigned: boolean; wantResponseSigned: boolean } {
  switch (value ?? 'assertion') {
    case 'assertion': return { wantAssertionsSigned: true, wantResponseSigned: false };
    case 'response': return { wantAssertionsSigned: false, wantResponseSigned: true };
    case 'both': return { wantAssertionsSigned: true, wantResponseSigned: true };
    default: throw new UsageError('--signed must be assertion, response or both');
  }
}

function mapping(v: Record<string, unknown>): AttributeMapping {
  const out: AttributeMapping = {};
  const pairs: Array<[keyof AttributeMapping, string]> = [['email', 'map-email'], ['givenName', 'map-given-name'], ['familyName', 'map-family-name'], ['displayName', 'map-display-name'], ['groups', 'map-groups']];
  for (const [key, opt] of pairs) if (typeof v[opt] === 'string') out[key] = v[opt] as string;
  return out;
}
