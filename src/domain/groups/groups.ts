// Groups and their members, stored relationally. Membership changes are set-based SQL (one
// statement for 10,000 members, not 10,000 round trips) inside the caller's transaction, with the
// provisioning log row beside them. Adding a member who does not exist in the org fails the whole
// change (GroupMemberUnknown): no partial write. Removing a non-member is a no-op (idempotent).
import { sql } from 'kysely';
import type { Executor } from '../storage/transaction.js';
import { inTransaction } from '../storage/transaction.js';
import type { Group } from '../../db/schema.js';
import type { ActionContext } from '../context.js';
import { recordEvent } from '../log/provisioning-log.js';
import { GroupMemberUnknown, GroupNotFound, InvalidInput } from '../errors.js';
import { isUuid } from '../ids.js';

export interface GroupMemberInput { memberId: string; display?: string | null }
export interface GroupFields { displayName: string; externalId?: string | null }

export async function createGroup(db: Executor, orgId: string, fields: GroupFields, members: GroupMemberInput[], ctx: ActionContext): Promise<Group> {
  const displayName = checkName(fields.displayName);
  return inTransaction(db, async (tx) => {
    const now = ctx.clock.now();
    const group = await tx.insertInto('groups').values({
      org_id: orgId, display_name: displayName, external_id: fields.externalId ?? null, created_at: now, updated_at: now,
    }).returningAll().executeTakeFirstOrThrow();
    await recordEvent(tx, ctx, { orgId, event: 'group.created', subject: displayName, detail: { groupId: group.id } });
    if (members.length) await addGroupMembers(tx, orgId, group.id, members, ctx);
    return group;
  }, { groupName: displayName });
}

export async function getGroup(db: Executor, orgId: string, groupId: string, lock = false): Promise<Group> {
  if (!isUuid(groupId)) throw new GroupNotFound(groupId);
  let q = db.selectFrom('groups').selectAll().where('id', '=', groupId).where('org_id', '=', orgId);
  if (lock) q = q.forUpdate();
  const group = await q.executeTakeFirst();
  if (!group) throw new GroupNotFound(groupId);
  return group;
}

export async function updateGroupFields(db: Executor, orgId: string, groupId: string, fields: Partial<GroupFields>, ctx: ActionContext): Promise<Group> {
  const displayName = fields.displayName === undefined ? undefined : checkName(fields.displayName);
  return inTransaction(db, async (tx) => {
    const before = await getGroup(tx, orgId, groupId, true);
    const group = await tx.updateTable('groups').set({
      ...(displayName !== undefined ? { display_name: displayName } : {}),
      ...(fields.externalId !== undefined ? { external_id: fields.externalId } : {}),
      updated_at: ctx.clock.now(),
    }).where('id', '=', groupId).where('org_id', '=', orgId).returningAll().executeTakeFirstOrThrow();
    await recordEvent(tx, ctx, { orgId, event: 'group.updated', subject: group.display_name, detail: { groupId, from: before.display_name } });
    return group;
  }, { groupName: displayName ?? '' });
}

/** Adds (or re-labels) members in one statement; every id must be a current member of the org. */
export async function addGroupMembers(tx: Executor, orgId: string, groupId: string, members: GroupMemberInput[], ctx: ActionContext): Promise<number> {
  const byId = new Map<string, string | null>();
  for (const m of members) byId.set(String(m.memberId).toLowerCase(), m.display ?? byId.get(String(m.memberId).toLowerCase()) ?? null);
  const bad = [...byId.keys()].filter((id) => !isUuid(id));
  if (bad.length) throw new GroupMemberUnknown(bad);
  const rows = [...byId].map(([id, display]) => ({ id, display }));
  const inserted = await sql<{ member_id: string }>`
    insert into group_members (group_id, member_id, org_id, display, added_at)
    select ${groupId}::uuid, m.id, m.org_id, d.display, ${ctx.clock.now()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as d(id uuid, display text)
    join members m on m.id = d.id and m.org_id = ${orgId}::uuid and m.status <> 'deprovisioned'
    on conflict (group_id, member_id) do update set display = coalesce(excluded.display, group_members.display)
    returning member_id`.execute(tx);
  if (inserted.rows.length !== rows.length) {
    const found = new Set(inserted.rows.map((r) => r.member_id));
    throw new GroupMemberUnknown(rows.map((r) => r.id).filter((id) => !found.has(id)));
  }
  await touch(tx, orgId, groupId, ctx);
  await recordEvent(tx, ctx, { orgId, event: 'group.members_added', detail: { groupId, count: rows.length } });
  return rows.length;
}

/** Removes the given members, or all of them when `memberIds` is 'all'. */
export async function removeGroupMembers(tx: Executor, orgId: string, groupId: string, memberIds: string[] | 'all', ctx: ActionContext): Promise<number> {
  let q = tx.deleteFrom('group_members').where('group_id', '=', groupId).where('org_id', '=', orgId);
  if (memberIds !== 'all') {
    const ids = [...new Set(memberIds.map((id) => String(id).toLowerCase()).filter(isUuid))];
    if (ids.length === 0) return 0;
    // = any(array(...)): one index probe per id on the primary key, whatever the table statistics say.
    q = q.where(sql<boolean>`member_id = any(array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid))`);
  }
  const result = await q.executeTakeFirst();
  const removed = Number(result.numDeletedRows);
  await touch(tx, orgId, groupId, ctx);
  await recordEvent(tx, ctx, { orgId, event: 'group.members_removed', detail: { groupId, count: removed, all: memberIds === 'all' } });
  return removed;
}

export async function deleteGroup(db: Executor, orgId: string, groupId: string, ctx: ActionContext): Promise<void> {
  await inTransaction(db, async (tx) => {
    const group = await getGroup(tx, orgId, groupId, true);
    await tx.deleteFrom('groups').where('id', '=', groupId).where('org_id', '=', orgId).execute();
    await recordEvent(tx, ctx, { orgId, event: 'group.deleted', subject: group.display_name, detail: { groupId } });
  });
}

export interface GroupMemberRow { group_id: string; member_id: string; display: string | null }

/** Members of the given groups (only members that still exist), in a stable order. */
export async function membersOfGroups(db: Executor, orgId: string, groupIds: string[]): Promise<GroupMemberRow[]> {
  if (groupIds.length === 0) return [];
  return db.selectFrom('group_members').innerJoin('members', 'members.id', 'group_members.member_id')
    .select(['group_members.group_id', 'group_members.member_id', sql<string | null>`coalesce(group_members.display, members.display_name)`.as('display')])
    .where('group_members.org_id', '=', orgId).where('group_members.group_id', 'in', groupIds)
    .where('members.status', '<>', 'deprovisioned')
    .orderBy('group_members.added_at').orderBy('group_members.member_id').execute();
}

async function touch(tx: Executor, orgId: string, groupId: string, ctx: ActionContext): Promise<void> {
  await tx.updateTable('groups').set({ updated_at: ctx.clock.now() }).where('id', '=', groupId).where('org_id', '=', orgId).execute();
}

function checkName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (!name || name.length > 256) throw new InvalidInput('displayName', 'is required, at most 256 characters');
  return name;
}
