// `seatgate app create|list|rotate-secret|remove`: the applications (products behind the gateway)
// that sign people in with Seatgate as their OpenID Provider. The client secret is printed once,
// at creation or rotation; only its hash is kept.
import { defineCommand, UsageError } from '../command.js';
import { flag, list, oneOf, optionalText, text } from '../arguments.js';
import { createApp, listApps, removeApp, rotateAppSecret, SECRET_GRACE_MS, type AppView } from '../../domain/apps/apps.js';
import { table } from '../format.js';

const clientIdOption = { type: 'string' as const, value: 'CLIENT_ID', required: true, help: 'the application\'s client id, as `seatgate app list` shows it' };

function urls(values: string[], option: string): string[] {
  for (const v of values) {
    let url: URL;
    try { url = new URL(v); } catch { throw new UsageError(`--${option} must be an absolute URL such as https://app.example.com/callback, not "${v}"`); }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--${option} must be an http(s) URL, not "${v}"`);
  }
  return values;
}

function describe(app: AppView, issuer: string, secret?: string): string {
  return [
    `${app.name} (client id ${app.clientId})`,
    `  issuer:        ${issuer}`,
    `  discovery:     ${issuer}/.well-known/openid-configuration`,
    ...(secret ? [`  client secret: ${secret}`] : []),
    `  redirect URIs: ${app.redirectUris.join(', ')}`,
    `  organizations: ${app.orgs ? app.orgs.map((o) => o.slug).join(', ') : 'all'}`,
    `  refresh tokens: ${app.refreshTokens ? 'yes' : 'no'} · ID tokens: ${app.idTokenAlg}${app.backchannelLogoutUri ? ` · back-channel logout: ${app.backchannelLogoutUri}` : ''}`,
  ].join('\n');
}

export const appCreate = defineCommand({
  words: ['app', 'create'],
  summary: 'register an application that signs people in with Seatgate (OpenID Connect); its secret is shown once',
  options: {
    name: { type: 'string', value: 'NAME', required: true, help: 'what people and Owners call the application, at most 100 characters' },
    'redirect-uri': { type: 'string', value: 'URI', multiple: true, required: true, help: 'where Seatgate may send the authorization code; repeat for several' },
    'post-logout-redirect-uri': { type: 'string', value: 'URI', multiple: true, help: 'where Seatgate may send a person after RP-initiated logout; repeat for several' },
    'backchannel-logout-uri': { type: 'string', value: 'URI', help: 'where Seatgate POSTs a logout token when a member signs out or loses the seat' },
    org: { type: 'string', value: 'SLUG', multiple: true, help: 'limit the application to this organization; repeat for several (default: every organization)' },
    'refresh-tokens': { type: 'boolean', help: 'issue refresh tokens to this application (they stop working when the member loses the seat)' },
    'id-token-alg': { type: 'string', value: 'ALG', help: 'RS256 (default) or ES256' },
  },
  example: ['app', 'create', '--name', 'Acme Notes', '--redirect-uri', 'https://notes.example.com/callback'],
  notes: ['The application authenticates with client_secret_basic and must use PKCE (S256). docs/integration.md has a complete example.'],
  parse: (v) => ({
    name: text(v, 'name', 100), redirectUris: urls(list(v, 'redirect-uri'), 'redirect-uri'),
    postLogoutRedirectUris: urls(list(v, 'post-logout-redirect-uri'), 'post-logout-redirect-uri'),
    backchannelLogoutUri: optionalText(v, 'backchannel-logout-uri') === undefined ? null : urls([text(v, 'backchannel-logout-uri')], 'backchannel-logout-uri')[0]!,
    orgSlugs: list(v, 'org'), refreshTokens: flag(v, 'refresh-tokens'), idTokenAlg: oneOf(v, 'id-token-alg', ['RS256', 'ES256'] as const, 'RS256'),
  }),
  async run(ctx, input) {
    const db = await ctx.db();
    const { app, clientSecret } = await createApp(db, input, ctx.action().clock.now());
    return {
      json: { ...app, clientSecret, issuer: ctx.config.publicUrl },
      text: [`Registered ${describe(app, ctx.config.publicUrl, clientSecret)}`, '', 'Copy the client secret now: it is stored only as a hash and cannot be shown again.'].join('\n'),
    };
  },
});

export const appList = defineCommand({
  words: ['app', 'list'],
  summary: 'list the registered applications (never their secrets)',
  options: {},
  example: ['app', 'list'],
  async run(ctx) {
    const apps = await listApps(await ctx.db());
    const text = apps.length === 0 ? 'No applications yet. Register one with `seatgate app create`.'
      : table(['client id', 'name', 'organizations', 'refresh', 'created'], apps.map((a) => [a.clientId, a.name, a.orgs ? a.orgs.map((o) => o.slug).join(', ') : 'all', a.refreshTokens ? 'yes' : 'no', a.createdAt]));
    return { json: apps, text };
  },
});

export const appRotateSecret = defineCommand({
  words: ['app', 'rotate-secret'],
  summary: 'issue a new client secret (shown once); the old one keeps working for 24 hours unless --now',
  options: { 'client-id': clientIdOption, now: { type: 'boolean', help: 'make the old secret stop working at once' } },
  example: ['app', 'rotate-secret', '--client-id', 'sgapp_0123456789abcdefABCDEF'],
  parse: (v) => ({ clientId: text(v, 'client-id', 100), now: flag(v, 'now') }),
  async run(ctx, { clientId, now }) {
    const { app, clientSecret } = await rotateAppSecret(await ctx.db(), clientId, ctx.action().clock.now(), now ? 0 : SECRET_GRACE_MS);
    return {
      json: { ...app, clientSecret },
      text: [`New client secret for ${app.name} (${app.clientId}): ${clientSecret}`, now ? 'The old secret stopped working.' : 'The old secret keeps working for 24 hours: deploy the new one before then.'].join('\n'),
    };
  },
});

export const appRemove = defineCommand({
  words: ['app', 'remove'],
  summary: 'remove an application: its secret, codes and tokens stop working at once',
  options: { 'client-id': clientIdOption },
  example: ['app', 'remove', '--client-id', 'sgapp_0123456789abcdefABCDEF'],
  parse: (v) => ({ clientId: text(v, 'client-id', 100) }),
  async run(ctx, { clientId }) {
    const app = await removeApp(await ctx.db(), clientId, ctx.action().clock.now());
    return { json: app, text: `Removed ${app.name} (${app.clientId}).` };
  },
});
