// `seatgate api-key create|list|revoke`: keys for the admin API, with the role they act as.
import { defineCommand } from '../command.js';
import { oneOf, optionalText, text } from '../arguments.js';
import { orgOption } from './org-option.js';
import { getOrgBySlug } from '../../domain/orgs/orgs.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/access/api-keys.js';
import { table } from '../format.js';

export const apiKeyCreate = defineCommand({
  words: ['api-key', 'create'],
  summary: 'create an admin-API key (the secret is shown once)',
  options: {
    org: orgOption,
    role: { type: 'string', value: 'owner|admin', required: true, help: 'the role the key acts as: owner (also buys seats, reads invoices, manages API keys) or admin (members, domains, logs); see docs/roles.md' },
    name: { type: 'string', value: 'NAME', help: 'a label, at most 100 characters (default "<role> key")' },
  },
  example: ['api-key', 'create', '--org', 'acme-corp', '--role', 'owner', '--name', 'terraform'],
  parse(v) {
    const role = oneOf(v, 'role', ['owner', 'admin'] as const);
    return { slug: text(v, 'org'), role, name: optionalText(v, 'name', 100) ?? `${role} key` };
  },
  async run(ctx, { slug, role, name }) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    const { key, secret } = await createApiKey(db, org.id, role, name, ctx.action().clock);
    return {
      json: { ...key, secret },
      text: `API key ${key.name} (${key.role}) for ${org.slug}, id ${key.id}\n\n  ${secret}\n\nStore it now: it is not shown again. Use it as "Authorization: Bearer <key>".`,
    };
  },
});

export const apiKeyList = defineCommand({
  words: ['api-key', 'list'],
  summary: 'list admin-API keys (never their secrets)',
  options: { org: orgOption },
  example: ['api-key', 'list', '--org', 'acme-corp'],
  parse: (v) => ({ slug: text(v, 'org') }),
  async run(ctx, { slug }) {
    const db = await ctx.db();
    const keys = await listApiKeys(db, (await getOrgBySlug(db, slug)).id);
    return {
      json: keys,
      text: keys.length ? table(['id', 'name', 'role', 'prefix', 'created', 'last used', 'revoked'],
        keys.map((k) => [k.id, k.name, k.role, k.prefix, k.createdAt, k.lastUsedAt, k.revokedAt])) : 'No API keys.',
    };
  },
});

export const apiKeyRevoke = defineCommand({
  words: ['api-key', 'revoke'],
  summary: 'revoke an admin-API key',
  options: {
    org: orgOption,
    id: { type: 'string', value: 'KEY_ID', required: true, help: 'the key\'s id, as `seatgate api-key list` shows it' },
  },
  example: ['api-key', 'revoke', '--org', 'acme-corp', '--id', '6f1c2a4e-0000-4000-8000-000000000000'],
  parse: (v) => ({ slug: text(v, 'org'), id: text(v, 'id') }),
  async run(ctx, { slug, id }) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    const key = await revokeApiKey(db, org.id, id, ctx.action().clock);
    return { json: key, text: `Revoked API key ${key.name} (${key.id}).` };
  },
});
