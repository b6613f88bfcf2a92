// Who a member is to an application: the claims Seatgate vouches for, read fresh on every use
// (authorization, token, refresh, userinfo), so a lost seat, a tier change or a new role shows at
// the next request in every process. Only an active member holding a seat, in an organization the
// app serves, is an account at all: anyone else is null, and the OP then refuses (no code, no
// refresh, userinfo 401).
import { sql } from 'kysely';
import type { Executor } from '../storage/transaction.js';
import type { App, Role, Tier } from '../../db/schema.js';
import { isUuid } from '../ids.js';
import { entitlementsFor, type Entitlements } from '../seats/entitlements.js';

export interface AppAccount {
  memberId: string;
  email: string;
  /** The email is on one of the organization's verified domains. */
  emailVerified: boolean;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  role: Role;
  tier: Tier;
  org: { id: string; slug: string; name: string };
  entitlements: Entitlements;
}

export async function appAccount(db: Executor, memberId: string, app: Pick<App, 'id' | 'all_orgs'>): Promise<AppAccount | null> {
  if (!isUuid(memberId)) return null;
  const row = await db.selectFrom('members as m').innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.email', 'm.display_name', 'm.given_name', 'm.family_name', 'm.role', 'm.seat_tier', 'm.status', 'o.id as org_id', 'o.slug', 'o.name as org_name',
      sql<boolean>`exists (select 1 from org_domains d where d.org_id = m.org_id and d.verified_at is not null
        and d.domain = split_part(lower(m.email), '@', 2))`.as('email_verified')])
    .where('m.id', '=', memberId)
    .where((eb) => (app.all_orgs ? eb.val(true) : eb.exists(eb.selectFrom('app_orgs').select('app_orgs.org_id')
      .where('app_orgs.app_id', '=', app.id).whereRef('app_orgs.org_id', '=', 'm.org_id'))))
    .executeTakeFirst();
  if (!row || row.status !== 'active' || !row.seat_tier) return null;
  return {
    memberId: row.id, email: row.email, emailVerified: row.email_verified, name: row.display_name ?? ([row.given_name, row.family_name].filter(Boolean).join(' ') || null),
    givenName: row.given_name, familyName: row.family_name, role: row.role, tier: row.seat_tier,
    org: { id: row.org_id, slug: row.slug, name: row.org_name }, entitlements: entitlementsFor(row.seat_tier),
  };
}

/** The display names of the member's groups (scope `groups`). */
export async function memberGroupNames(db: Executor, memberId: string): Promise<string[]> {
  const rows = await db.selectFrom('group_members').innerJoin('groups', 'groups.id', 'group_members.group_id')
    .select('groups.display_name').where('group_members.member_id', '=', memberId).orderBy('groups.display_name').execute();
  return rows.map((r) => r.display_name);
}
