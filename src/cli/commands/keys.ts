// `seatgate keys rotate|list`: the keys that sign ID tokens and logout tokens. A rotation makes new
// RS256 and ES256 keys the signing ones; the old keys stay in the JWKS, for verifying only, until
// every token they signed has expired. Running servers pick the change up within
// OIDC_KEY_REFRESH_SECONDS.
import { defineCommand } from '../command.js';
import { KEY_PUBLISHED_AFTER_RETIREMENT_MS, publishedSigningKeys, rotateSigningKeys } from '../../domain/apps/signing-keys.js';
import { table } from '../format.js';

export const keysRotate = defineCommand({
  words: ['keys', 'rotate'],
  summary: 'make new ID-token signing keys; the old ones stay published until their tokens expire',
  options: {},
  example: ['keys', 'rotate'],
  async run(ctx) {
    const rotation = await rotateSigningKeys(await ctx.db(), ctx.action().clock.now());
    const minutes = Math.round(KEY_PUBLISHED_AFTER_RETIREMENT_MS / 60_000);
    return {
      json: rotation,
      text: [`New signing keys: ${rotation.created.join(', ')}.`,
        rotation.retired.length ? `Retired (still published for ${minutes} minutes, for verifying only): ${rotation.retired.join(', ')}.` : 'There were no keys before.'].join('\n'),
    };
  },
});

export const keysList = defineCommand({
  words: ['keys', 'list'],
  summary: 'list the published signing keys (never their private parts)',
  options: {},
  example: ['keys', 'list'],
  async run(ctx) {
    const keys = await publishedSigningKeys(await ctx.db(), ctx.action().clock.now());
    const rows = keys.map((k) => ({ kid: k.kid, alg: k.alg, createdAt: k.createdAt.toISOString(), retiredAt: k.retiredAt?.toISOString() ?? null, signs: !k.retiredAt }));
    return { json: rows, text: table(['kid', 'alg', 'created', 'retired', 'signs'], rows.map((r) => [r.kid, r.alg, r.createdAt, r.retiredAt, r.signs ? 'yes' : 'no'])) };
  },
});
