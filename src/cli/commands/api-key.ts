import type { Command } from '../command.js';
import { requireString } from '../command.js';
import { getOrgBySlug } from '../../domain/orgs/orgs.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/access/api-keys.js';
import { table } from '../format.js';

export const apiKeyCreate: Command = {
  words: ['api-key', 'create'],
  usage: 'seatgate api-key create --org SLUG --role owner|admin [--name NAME] [--json]',
  summary: 'create an admin-API key (the secret is shown once)',
  options: { org: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
  async run(ctx, v) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, requireString(v, 'org'));
    const role = requireString(v, 'role');
    const { key, secret } = await createApiKey(db, org.id, role, typeof v.name === 'string' ? v.name : `${role} key`, ctx.action().clock);
    return {
      json: { ...key, secret },
      text: `API key ${key.name} (${key.role}) for ${org.slug}, id ${key.id}\n\n  ${secret}\n\nStore it now: it is not shown again. Use it as "Authorization: Bearer <key>".`,
    };
  },
};

export const apiKeyList: Command = {
  words: ['api-key', 'list'],
  usage: 'seatgate api-key list --org SLUG [--json]',
  summary: 'list admin-API keys (never their secrets)',
  options: { org: { type: 'string' } },
  async run(ctx, v) {
    const db = await ctx.db();
    const keys = await listApiKeys(db, (await getOrgBySlug(db, requireString(v, 'org'))).id);
    return {
      json: keys,
      text: keys.length ? table(['id', 'name', 'role', 'prefix', 'created', 'last used', 'revoked'],
        keys.map((k) => [k.id, k.name, k.role, k.prefix, k.createdAt, k.lastUsedAt, k.revokedAt])) : 'No API keys.',
    };
  },
};

export const apiKeyRevoke: Command = {
  words: ['api-key', 'revoke'],
  usage: 'seatgate api-key revoke --org SLUG --id KEY_ID [--json]',
  summary: 'revoke an admin-API key',
  options: { org: { type: 'string' }, id: { type: 'string' } },
  async run(ctx, v) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, requireString(v, 'org'));
    const key = await revokeApiKey(db, org.id, requireString(v, 'id'), ctx.action().clock);
    return { json: key, text: `Revoked API key ${key.name} (${key.id}).` };
  },
};
