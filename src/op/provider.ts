// The OpenID Provider itself: oidc-provider (a certified implementation; no token endpoint is
// written here), configured with every security-relevant option set by us rather than left to its
// defaults. Authorization code flow only, PKCE (S256) required for every client, confidential
// clients authenticating with their secret, ID tokens signed RS256 or ES256 with the keys from the
// database, opaque access tokens, refresh tokens only for apps that opted in, RP-initiated and
// back-channel logout, revocation and introspection. Accounts are members holding a seat, read
// fresh for every authorization, token, refresh and userinfo call (src/op/accounts.ts); each
// authorization also needs the browser's live Seatgate session (src/op/seat-policy.ts).
import type { Executor } from '../domain/storage/transaction.js';
import type { SigningKey } from '../domain/apps/signing-keys.js';
import { serverKey } from '../domain/access/server-keys.js';
import {
  ACCESS_TOKEN_TTL_SECONDS, AUTHORIZATION_CODE_TTL_SECONDS, CLOCK_TOLERANCE_SECONDS, GRANT_TTL_SECONDS, ID_TOKEN_TTL_SECONDS,
  INTERACTION_TTL_SECONDS, OP_SESSION_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS,
} from '../domain/apps/token-lifetimes.js';
import { databaseAdapter } from './adapter.js';
import { compareSecretsByHash, findClient } from './clients.js';
import { findAccount, grantRequested } from './accounts.js';
import { interactionPolicy } from './seat-policy.js';
import { loadOidcProvider } from './load-library.js';
import { logoutPage, opErrorPage, signedOutPage } from './pages.js';
import type { OpDeps } from './deps.js';
import type { Request } from 'express';
import { COOKIE_NAME } from '../sessions/session-cookie.js';
import { revokeCurrentSession } from '../sessions/request-session.js';

export const OP_PREFIX = '/oidc';
export const INTERACTION_PATH = `${OP_PREFIX}/interaction`;

/** Every endpoint under /oidc; discovery stays at the issuer's /.well-known/openid-configuration. */
const ROUTES = {
  authorization: `${OP_PREFIX}/auth`, token: `${OP_PREFIX}/token`, userinfo: `${OP_PREFIX}/userinfo`, jwks: `${OP_PREFIX}/jwks`,
  end_session: `${OP_PREFIX}/session/end`, revocation: `${OP_PREFIX}/token/revocation`, introspection: `${OP_PREFIX}/token/introspection`,
  registration: `${OP_PREFIX}/reg`, pushed_authorization_request: `${OP_PREFIX}/request`, code_verification: `${OP_PREFIX}/device`,
  device_authorization: `${OP_PREFIX}/device/auth`, backchannel_authentication: `${OP_PREFIX}/backchannel`,
  challenge: `${OP_PREFIX}/challenge`, credential: `${OP_PREFIX}/credential`,
};

export const SCOPES = ['openid', 'email', 'profile', 'groups', 'offline_access'];

/** Which claims each scope releases; the seat claims come with `openid` itself. */
export const CLAIMS = {
  openid: ['sub', 'org', 'role', 'seat_tier', 'entitlements'],
  email: ['email', 'email_verified'],
  profile: ['name', 'given_name', 'family_name'],
  groups: ['groups'],
};

export interface OpClient { clientId: string; backchannelLogoutUri?: string; backchannelLogout(sub: string, sid?: string): Promise<void> }

// oidc-provider ships no types; this is the part of its surface Seatgate uses.
export interface OidcProvider {
  callback(): (req: unknown, res: unknown) => void;
  interactionDetails(req: unknown, res: unknown): Promise<{ uid: string; prompt: { name: string; details: Record<string, unknown> }; params: Record<string, unknown>; session?: { accountId?: string } }>;
  interactionFinished(req: unknown, res: unknown, result: Record<string, unknown>, opts?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  Client: { find(id: string): Promise<OpClient | undefined> } & { prototype: never };
  on(event: string, fn: (...args: any[]) => void): void;
  proxy: boolean;
}

interface EndSessionCtx { req: unknown; oidc: { params: { logout?: string } }; cookies: { set(name: string, value: null, opts: Record<string, unknown>): void } }

/**
 * "Sign out" at RP-initiated logout (logout=yes) also ends the browser's Seatgate session: its
 * cookie goes at once in this response; the row is revoked right after (logged if that fails).
 */
function endSeatgateSession(deps: OpDeps, ctx: EndSessionCtx): void {
  if (ctx.oidc.params.logout !== 'yes') return;
  ctx.cookies.set(COOKIE_NAME, null, { path: '/', httpOnly: true, sameSite: 'lax', signed: false, overwrite: true,
    ...(deps.session.domain ? { domain: deps.session.domain } : {}) });
  revokeCurrentSession(ctx.req as Request, deps.session).catch((err: unknown) => deps.logger.warn({ err }, 'could not revoke the Seatgate session after an RP-initiated logout'));
}

export async function buildProvider(deps: OpDeps, keys: SigningKey[]): Promise<OidcProvider> {
  const db: Executor = deps.db;
  const library = await loadOidcProvider(deps.logger);
  const cookieKey = Buffer.from(await serverKey(db, 'op-cookie-signing-v1', deps.clock)).toString('base64url');
  const secure = deps.publicUrl.startsWith('https:');
  const configuration = {
    adapter: databaseAdapter({ db: deps.db, clock: deps.clock, findClient: (id) => findClient(db, id) }),
    findAccount: findAccount(deps),
    loadExistingGrant: grantRequested,
    claims: CLAIMS,
    scopes: SCOPES,
    // The ID token itself carries the claims (seat_tier, entitlements…), not only userinfo.
    conformIdTokenClaims: false,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    enabledJWA: {
      idTokenSigningAlgValues: ['RS256', 'ES256'], userinfoSigningAlgValues: ['RS256', 'ES256'],
      introspectionSigningAlgValues: ['RS256', 'ES256'], authorizationSigningAlgValues: ['RS256', 'ES256'],
      clientAuthSigningAlgValues: ['RS256', 'ES256'], requestObjectSigningAlgValues: ['RS256', 'ES256'],
    },
    jwks: { keys: keys.map((k) => k.jwk) },
    cookies: {
      keys: [cookieKey],
      long: { signed: true, secure, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, secure, httpOnly: true, sameSite: 'lax' },
    },
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS, AuthorizationCode: AUTHORIZATION_CODE_TTL_SECONDS, IdToken: ID_TOKEN_TTL_SECONDS,
      RefreshToken: REFRESH_TOKEN_TTL_SECONDS, Interaction: INTERACTION_TTL_SECONDS, Session: OP_SESSION_TTL_SECONDS,
      Grant: GRANT_TTL_SECONDS, ClientCredentials: 600,
    },
    // Refresh tokens are an app's choice (`seatgate app create --refresh-tokens`), and outlive
    // the browser's session; a lost seat still ends them (src/domain/apps/app-access.ts).
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async (ctx: { oidc: { client: { grantTypeAllowed(t: string): boolean } } }) => !ctx.oidc.client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    clientBasedCORS: (_ctx: unknown, origin: string, client: { redirectUris: string[] }) =>
      client.redirectUris.some((uri) => URL.canParse(uri) && new URL(uri).origin === origin),
    interactions: { policy: interactionPolicy(library, deps), url: (_ctx: unknown, interaction: { uid: string }) => `${INTERACTION_PATH}/${interaction.uid}` },
    routes: ROUTES,
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource: logoutPage, postLogoutSuccessSource: signedOutPage },
      claimsParameter: { enabled: false },
      registration: { enabled: false },
    },
    renderError: opErrorPage,
    // oidc-provider refuses special-use addresses itself; WEBHOOK_ALLOW_PRIVATE lifts that for tests and labs.
    fetch: (url: string, options: Record<string, unknown>) => {
      if (deps.allowPrivateTargets) delete options.dispatcher;
      return globalThis.fetch(url, options);
    },
  };
  const Provider = library.default as unknown as new (issuer: string, configuration: unknown) => OidcProvider;
  const provider = new Provider(deps.publicUrl, configuration);
  provider.proxy = deps.trustProxy;
  compareSecretsByHash(provider.Client as never, db, deps.clock);
  provider.on('end_session.success', (ctx: EndSessionCtx) => endSeatgateSession(deps, ctx));
  provider.on('server_error', (_ctx: unknown, err: unknown) => deps.logger.error({ err }, 'OpenID Provider error'));
  provider.on('backchannel.error', (_ctx: unknown, err: unknown, client: { clientId: string }) =>
    deps.logger.warn({ err, clientId: client?.clientId }, 'back-channel logout after an RP-initiated logout failed'));
  return provider;
}
