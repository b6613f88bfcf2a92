// The groups rules look at for a member: their SCIM groups (each known by its id, display name
// and externalId, so a rule may name any of them — Entra's SAML groups claim sends object ids,
// which Entra's SCIM connector sends as externalId) and the groups their IdP sent at their last
// SSO sign-in, which are kept (member_idp_groups) so a later SCIM change re-evaluates with them.
import { sql } from 'kysely';
import type { Executor } from '../storage/transaction.js';
import { isStorableText } from '../text/storable-text.js';
import { MAX_GROUP_NAME } from './rule-list.js';

/** Far above a real person's groups (Entra stops at 150 in SAML); the rest are not looked at. */
export const MAX_IDP_GROUPS = 1000;

/** Group names an IdP sent, as kept: strings only, trimmed, non-empty, bounded, each once. */
export function idpGroupList(raw: readonly unknown[]): { groups: string[]; ignored: number } {
  const seen = new Set<string>();
  let ignored = 0;
  for (const g of raw) {
    const name = typeof g === 'string' ? g.trim() : '';
    if (!name || name.length > MAX_GROUP_NAME || !isStorableText(name) || seen.size >= MAX_IDP_GROUPS) { ignored++; continue; }
    seen.add(name);
  }
  return { groups: [...seen], ignored };
}

/** Replaces the IdP groups kept for a member (called at each SSO sign-in, in its transaction). */
export async function rememberIdpGroups(tx: Executor, orgId: string, memberId: string, connectionId: string, groups: readonly string[], now: Date): Promise<void> {
  await tx.insertInto('member_idp_groups')
    .values({ member_id: memberId, org_id: orgId, connection_id: connectionId, groups: JSON.stringify(groups), seen_at: now })
    .onConflict((oc) => oc.column('member_id').doUpdateSet({
      org_id: sql`excluded.org_id`, connection_id: sql`excluded.connection_id`, groups: sql`excluded.groups`, seen_at: sql`excluded.seen_at`,
    })).execute();
}

export async function groupsOfMember(db: Executor, orgId: string, memberId: string): Promise<string[]> {
  return (await groupsOfMembers(db, orgId, [memberId])).get(memberId) ?? [];
}

/** Every member's groups in two queries, whatever the number of members. */
export async function groupsOfMembers(db: Executor, orgId: string, memberIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(memberIds.map((id) => [id, []]));
  if (memberIds.length === 0) return out;
  const scim = await db.selectFrom('group_members').innerJoin('groups', 'groups.id', 'group_members.group_id')
    .select(['group_members.member_id', 'groups.id', 'groups.display_name', 'groups.external_id'])
    .where('group_members.org_id', '=', orgId).where(idIn('group_members.member_id', memberIds)).execute();
  for (const r of scim) out.get(r.member_id)?.push(r.id, r.display_name, ...(r.external_id ? [r.external_id] : []));
  const idp = await db.selectFrom('member_idp_groups').select(['member_id', 'groups'])
    .where('org_id', '=', orgId).where(idIn('member_id', memberIds)).execute();
  for (const r of idp) out.get(r.member_id)?.push(...r.groups);
  return out;
}

/** `column = any(ids)` as one parameter, however many ids (a 10,000-member group change). */
export function idIn(column: string, ids: readonly string[]) {
  return sql<boolean>`${sql.ref(column)} = any(array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid))`;
}
