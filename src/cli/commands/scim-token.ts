// `seatgate scim-token create|list|revoke`: the bearer tokens an IdP's SCIM connector uses.
// The secret is printed once, at creation; only its hash is kept.
import type { Command } from '../command.js';
import { requireString } from '../command.js';
import { getOrgBySlug } from '../../domain/orgs/orgs.js';
import { createScimToken, listScimTokens, revokeScimToken } from '../../domain/scim-tokens/tokens.js';
import { table } from '../format.js';

export const scimTokenCreate: Command = {
  words: ['scim-token', 'create'],
  usage: 'seatgate scim-token create --org SLUG [--name NAME] [--json]',
  summary: 'create a SCIM bearer token (shown once)',
  options: { org: { type: 'string' }, name: { type: 'string' } },
  async run(ctx, v) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, requireString(v, 'org'));
    const name = typeof v.name === 'string' ? v.name : 'SCIM token';
    const { token, secret } = await createScimToken(db, org.id, name, ctx.action().clock);
    const scimUrl = `${ctx.config.publicUrl}/scim/v2`;
    return {
      json: { ...token, token: secret, scimUrl },
      text: [`Created SCIM token "${token.name}" (id ${token.id}) for ${org.name} (${org.slug}).`, '',
        `  SCIM base URL: ${scimUrl}`, `  Bearer token:  ${secret}`, '',
        'Copy the token now: it is stored only as a hash and cannot be shown again.'].join('\n'),
    };
  },
};

export const scimTokenList: Command = {
  words: ['scim-token', 'list'],
  usage: 'seatgate scim-token list --org SLUG [--json]',
  summary: 'list SCIM tokens (never their secrets)',
  options: { org: { type: 'string' } },
  async run(ctx, v) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, requireString(v, 'org'));
    const tokens = await listScimTokens(db, org.id);
    const text = tokens.length === 0 ? `No SCIM tokens for ${org.slug}. Create one with \`seatgate scim-token create --org ${org.slug}\`.`
      : table(['id', 'name', 'prefix', 'created', 'last used', 'revoked'], tokens.map((t) =>
        [t.id, t.name, `${t.prefix}…`, t.createdAt, t.lastUsedAt, t.revokedAt]));
    return { json: tokens, text };
  },
};

export const scimTokenRevoke: Command = {
  words: ['scim-token', 'revoke'],
  usage: 'seatgate scim-token revoke --org SLUG --id TOKEN_ID [--json]',
  summary: 'revoke a SCIM token at once',
  options: { org: { type: 'string' }, id: { type: 'string' } },
  async run(ctx, v) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, requireString(v, 'org'));
    const token = await revokeScimToken(db, org.id, requireString(v, 'id'), ctx.action().clock);
    return { json: token, text: `Revoked SCIM token "${token.name}" (${token.id}) at ${token.revokedAt}.` };
  },
};
