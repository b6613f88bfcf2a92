// `seatgate scim-token create|list|revoke`: the bearer tokens an IdP's SCIM connector uses.
// The secret is printed once, at creation; only its hash is kept.
import { defineCommand } from '../command.js';
import { optionalText, text } from '../arguments.js';
import { orgOption } from './org-option.js';
import { getOrgBySlug } from '../../domain/orgs/orgs.js';
import { createScimToken, listScimTokens, revokeScimToken } from '../../domain/scim-tokens/tokens.js';
import { table } from '../format.js';

export const scimTokenCreate = defineCommand({
  words: ['scim-token', 'create'],
  summary: 'create a SCIM bearer token (shown once)',
  options: {
    org: orgOption,
    name: { type: 'string', value: 'NAME', help: 'a label to tell tokens apart, at most 100 characters (default "SCIM token")' },
  },
  example: ['scim-token', 'create', '--org', 'acme-corp', '--name', 'okta'],
  notes: ['Paste the SCIM base URL and the token into the IdP\'s provisioning settings. Several tokens may be active at once (rotation).'],
  parse: (v) => ({ slug: text(v, 'org'), name: optionalText(v, 'name', 100) ?? 'SCIM token' }),
  async run(ctx, { slug, name }) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    const { token, secret } = await createScimToken(db, org.id, name, ctx.action().clock);
    const scimUrl = `${ctx.config.publicUrl}/scim/v2`;
    return {
      json: { ...token, token: secret, scimUrl },
      text: [`Created SCIM token "${token.name}" (id ${token.id}) for ${org.name} (${org.slug}).`, '',
        `  SCIM base URL: ${scimUrl}`, `  Bearer token:  ${secret}`, '',
        'Copy the token now: it is stored only as a hash and cannot be shown again.'].join('\n'),
    };
  },
});

export const scimTokenList = defineCommand({
  words: ['scim-token', 'list'],
  summary: 'list SCIM tokens (never their secrets)',
  options: { org: orgOption },
  example: ['scim-token', 'list', '--org', 'acme-corp'],
  parse: (v) => ({ slug: text(v, 'org') }),
  async run(ctx, { slug }) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    const tokens = await listScimTokens(db, org.id);
    const text = tokens.length === 0 ? `No SCIM tokens for ${org.slug}. Create one with \`seatgate scim-token create --org ${org.slug}\`.`
      : table(['id', 'name', 'prefix', 'created', 'last used', 'revoked'], tokens.map((t) =>
        [t.id, t.name, `${t.prefix}…`, t.createdAt, t.lastUsedAt, t.revokedAt]));
    return { json: tokens, text };
  },
});

export const scimTokenRevoke = defineCommand({
  words: ['scim-token', 'revoke'],
  summary: 'revoke a SCIM token at once',
  options: {
    org: orgOption,
    id: { type: 'string', value: 'TOKEN_ID', required: true, help: 'the token\'s id, as `seatgate scim-token list` shows it' },
  },
  example: ['scim-token', 'revoke', '--org', 'acme-corp', '--id', '6f1c2a4e-0000-4000-8000-000000000000'],
  parse: (v) => ({ slug: text(v, 'org'), id: text(v, 'id') }),
  async run(ctx, { slug, id }) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    const token = await revokeScimToken(db, org.id, id, ctx.action().clock);
    return { json: token, text: `Revoked SCIM token "${token.name}" (${token.id}) at ${token.revokedAt}.` };
  },
});
