// Accounts and grants as oidc-provider asks for them. An account is a member holding a seat in an
// organization the app serves (src/domain/apps/app-account.ts), looked up on every authorization,
// code exchange, refresh and userinfo call: anyone else is `undefined`, which oidc-provider turns
// into a new sign-in (authorization), `invalid_grant` (token, refresh) or 401 (userinfo). Apps are
// registered by the operator, so they are first-party: what they ask for within the scopes
// Seatgate offers is granted without a consent screen (offline_access only to apps with refresh
// tokens).
import type { OpDeps } from './deps.js';
import { findApp } from '../domain/apps/apps.js';
import { appAccount, memberGroupNames, type AppAccount } from '../domain/apps/app-account.js';
import type { Executor } from '../domain/storage/transaction.js';

interface OidcCtx {
  oidc?: {
    client?: { clientId: string; grantTypeAllowed(t: string): boolean };
    session: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
    requestParamOIDCScopes: Set<string>;
    requestParamClaims: Set<string>;
    provider: { Grant: GrantClass };
  };
}

interface Grant { accountId: string; addOIDCScope(s: string): void; rejectOIDCScope(s: string): void; addOIDCClaims(c: string[]): void; save(): Promise<string> }
interface GrantClass { new (init: { accountId?: string; clientId: string }): Grant; find(id: string): Promise<Grant | undefined> }

export function findAccount(deps: Pick<OpDeps, 'db'>) {
  return async (ctx: OidcCtx | undefined, id: string, token?: { clientId?: string }) => {
    const clientId = ctx?.oidc?.client?.clientId ?? token?.clientId;
    if (!clientId) return undefined;
    const app = await findApp(deps.db, clientId);
    const account = app ? await appAccount(deps.db, id, app) : null;
    if (!account) return undefined;
    return { accountId: account.memberId, claims: async (_use: string, scope: string) => claimsOf(deps.db, account, scope) };
  };
}

/** The claims of an account; `groups` only when the app asked for that scope. */
export async function claimsOf(db: Executor, a: AppAccount, scope: string | undefined): Promise<Record<string, unknown>> {
  const scopes = new Set(String(scope ?? '').split(' '));
  return {
    sub: a.memberId, email: a.email, email_verified: a.emailVerified,
    name: a.name, given_name: a.givenName, family_name: a.familyName,
    org: a.org, role: a.role, seat_tier: a.tier,
    entitlements: { features: [...a.entitlements.features], limits: { ...a.entitlements.limits } },
    ...(scopes.has('groups') ? { groups: await memberGroupNames(db, a.memberId) } : {}),
  };
}

/** loadExistingGrant: the session's grant for this app (or a new one), holding what the request asks for. */
export async function grantRequested(ctx: OidcCtx): Promise<Grant | undefined> {
  const oidc = ctx.oidc!;
  const client = oidc.client!;
  const accountId = oidc.session.accountId;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(client.clientId);
  let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  if (grant && grant.accountId !== accountId) grant = undefined;
  grant ??= new oidc.provider.Grant({ ...(accountId ? { accountId } : {}), clientId: client.clientId });
  const scopes = [...oidc.requestParamOIDCScopes];
  const allowed = scopes.filter((s) => s !== 'offline_access' || client.grantTypeAllowed('refresh_token'));
  if (allowed.length) grant.addOIDCScope(allowed.join(' '));
  if (allowed.length < scopes.length) grant.rejectOIDCScope('offline_access');
  const claims = [...oidc.requestParamClaims];
  if (claims.length) grant.addOIDCClaims(claims);
  await grant.save();
  return grant;
}
