// Applications registered by the operator as OpenID Connect clients of Seatgate. The client secret
// (`sgcs_…`, 32 random bytes) is shown once and stored only as its SHA-256 hash; a rotation keeps
// the previous secret working for a grace period so a deployment can roll over. An app serves
// every organization, or only those listed for it. Removing an app is final: its clients stop
// authenticating at once, and its tokens with them.
import { randomBytes } from 'node:crypto';
import type { Executor } from '../storage/transaction.js';
import { inTransaction } from '../storage/transaction.js';
import type { App } from '../../db/schema.js';
import { AppNotFound, InvalidInput, OrgNotFound } from '../errors.js';
import { hashSecret, issueSecret, looksLike, sameHash } from '../access/secrets.js';

export const CLIENT_SECRET_KIND = 'sgcs';
/** How long a rotated-out secret keeps working unless the rotation says otherwise. */
export const SECRET_GRACE_MS = 24 * 3_600_000;

export interface AppInput {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string | null;
  refreshTokens?: boolean;
  idTokenAlg?: 'RS256' | 'ES256';
  /** Organization slugs the app serves; empty or absent: every organization. */
  orgSlugs?: string[];
}

export interface AppView {
  id: string;
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  refreshTokens: boolean;
  idTokenAlg: 'RS256' | 'ES256';
  /** null: every organization. */
  orgs: Array<{ id: string; slug: string; name: string }> | null;
  secretPrefix: string;
  createdAt: string;
  secretRotatedAt: string | null;
}

export interface IssuedApp { app: AppView; clientSecret: string }

export async function createApp(db: Executor, input: AppInput, now: Date): Promise<IssuedApp> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new InvalidInput('name', 'is required, at most 100 characters');
  const redirectUris = checkUris('redirectUri', input.redirectUris, 1);
  const postLogout = checkUris('postLogoutRedirectUri', input.postLogoutRedirectUris ?? [], 0);
  const backchannel = input.backchannelLogoutUri ? checkUris('backchannelLogoutUri', [input.backchannelLogoutUri], 1)[0]! : null;
  const secret = issueSecret(CLIENT_SECRET_KIND);
  const clientId = `sgapp_${randomBytes(16).toString('base64url')}`;
  return inTransaction(db, async (tx) => {
    const orgIds = await orgIdsFor(tx, input.orgSlugs ?? []);
    const row = await tx.insertInto('apps').values({
      client_id: clientId, name, secret_hash: secret.hash, secret_prefix: secret.prefix,
      redirect_uris: JSON.stringify(redirectUris), post_logout_redirect_uris: JSON.stringify(postLogout),
      backchannel_logout_uri: backchannel, refresh_tokens: input.refreshTokens ?? false, id_token_alg: input.idTokenAlg ?? 'RS256', all_orgs: orgIds.length === 0, created_at: now,
    }).returningAll().executeTakeFirstOrThrow();
    if (orgIds.length) await tx.insertInto('app_orgs').values(orgIds.map((org_id) => ({ app_id: row.id, org_id }))).execute();
    return { app: await view(tx, row), clientSecret: secret.secret };
  });
}

export async function listApps(db: Executor): Promise<AppView[]> {
  const rows = await db.selectFrom('apps').selectAll().where('removed_at', 'is', null).orderBy('created_at').execute();
  return Promise.all(rows.map((r) => view(db, r)));
}

/** The live app with this client id, or null (removed apps are gone). */
export async function findApp(db: Executor, clientId: string): Promise<App | null> {
  if (typeof clientId !== 'string' || !/^sgapp_[A-Za-z0-9_-]{16,64}$/.test(clientId)) return null;
  return (await db.selectFrom('apps').selectAll().where('client_id', '=', clientId).where('removed_at', 'is', null).executeTakeFirst()) ?? null;
}

export async function getApp(db: Executor, clientId: string): Promise<App> {
  const app = await findApp(db, clientId);
  if (!app) throw new AppNotFound(clientId);
  return app;
}

export async function describeApp(db: Executor, clientId: string): Promise<AppView> {
  return view(db, await getApp(db, clientId));
}

/** A new secret, shown once; the old one keeps working for `graceMs` (0: stops at once). */
export async function rotateAppSecret(db: Executor, clientId: string, now: Date, graceMs = SECRET_GRACE_MS): Promise<IssuedApp> {
  const app = await getApp(db, clientId);
  const secret = issueSecret(CLIENT_SECRET_KIND);
  const row = await db.updateTable('apps').set({
    secret_hash: secret.hash, secret_prefix: secret.prefix, secret_rotated_at: now,
    previous_secret_hash: graceMs > 0 ? app.secret_hash : null,
    previous_secret_expires_at: graceMs > 0 ? new Date(now.getTime() + graceMs) : null,
  }).where('id', '=', app.id).returningAll().executeTakeFirstOrThrow();
  return { app: await view(db, row), clientSecret: secret.secret };
}

export async function removeApp(db: Executor, clientId: string, now: Date): Promise<AppView> {
  const app = await getApp(db, clientId);
  await db.updateTable('apps').set({ removed_at: now }).where('id', '=', app.id).execute();
  return view(db, app);
}

/** Whether `presented` is this app's client secret (or its previous one, within the grace period). */
export function appSecretMatches(app: Pick<App, 'secret_hash' | 'previous_secret_hash' | 'previous_secret_expires_at'>, presented: unknown, now: Date): boolean {
  if (!looksLike(CLIENT_SECRET_KIND, presented)) return false;
  const hash = hashSecret(presented);
  if (sameHash(app.secret_hash, hash)) return true;
  return !!app.previous_secret_hash && !!app.previous_secret_expires_at && app.previous_secret_expires_at > now && sameHash(app.previous_secret_hash, hash);
}

/** Whether the app serves members of this organization. */
export async function appServesOrg(db: Executor, app: Pick<App, 'id' | 'all_orgs'>, orgId: string): Promise<boolean> {
  if (app.all_orgs) return true;
  const row = await db.selectFrom('app_orgs').select('org_id').where('app_id', '=', app.id).where('org_id', '=', orgId).executeTakeFirst();
  return !!row;
}

/** The organizations an app serves: null for all. */
export async function appOrgIds(db: Executor, app: Pick<App, 'id' | 'all_orgs'>): Promise<string[] | null> {
  if (app.all_orgs) return null;
  return (await db.selectFrom('app_orgs').select('org_id').where('app_id', '=', app.id).execute()).map((r) => r.org_id);
}

async function orgIdsFor(db: Executor, slugs: string[]): Promise<string[]> {
  const unique = [...new Set(slugs.map((s) => s.trim().toLowerCase()).filter(Boolean))];
  if (!unique.length) return [];
  const rows = await db.selectFrom('organizations').select(['id', 'slug']).where('slug', 'in', unique).execute();
  const missing = unique.find((s) => !rows.some((r) => r.slug === s));
  if (missing) throw new OrgNotFound(missing);
  return rows.map((r) => r.id);
}

function checkUris(field: string, uris: string[], min: number): string[] {
  if (uris.length < min || uris.length > 20) throw new InvalidInput(field, min ? 'give at least one, at most 20' : 'at most 20');
  return uris.map((raw) => {
    let url: URL;
    try { url = new URL(raw); } catch { throw new InvalidInput(field, `${raw} is not an absolute URL`); }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidInput(field, `${raw} must be an http(s) URL`);
    if (url.hash || url.username || url.password) throw new InvalidInput(field, `${raw} must have no fragment and no credentials`);
    if (raw.length > 2000) throw new InvalidInput(field, 'is longer than 2000 characters');
    return raw;
  });
}

async function view(db: Executor, r: App): Promise<AppView> {
  const orgs = r.all_orgs ? null : await db.selectFrom('app_orgs').innerJoin('organizations', 'organizations.id', 'app_orgs.org_id')
    .select(['organizations.id', 'organizations.slug', 'organizations.name']).where('app_orgs.app_id', '=', r.id)
    .orderBy('organizations.slug').execute();
  return {
    id: r.id, clientId: r.client_id, name: r.name, redirectUris: r.redirect_uris, postLogoutRedirectUris: r.post_logout_redirect_uris,
    backchannelLogoutUri: r.backchannel_logout_uri, refreshTokens: r.refresh_tokens, idTokenAlg: r.id_token_alg, orgs, secretPrefix: `${r.secret_prefix}…`,
    createdAt: r.created_at.toISOString(), secretRotatedAt: r.secret_rotated_at?.toISOString() ?? null,
  };
}

