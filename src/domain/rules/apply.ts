// Re-evaluates members against their org's rules and carries out what changes, in the caller's
// transaction: a role through the rule-role memory (outcomes.ts), a tier through the allocator's
// changeTier. A wanted tier that is full is not worked around: the member keeps the seat they
// hold and `onWantedTierFull` hands the refusal to the one refusal writer, which logs it and
// queues a seat request for the wanted tier (path tier_change); when seats of that tier are added
// or freed, the queue moves the member there (src/domain/seat-requests/serve.ts). A request the
// rules no longer want (the member left the group, or got the tier) is withdrawn.
import type { Member, Tier } from '../../db/schema.js';
import type { Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import { NoSeatsAvailable } from '../errors.js';
import { recordEvent } from '../log/provisioning-log.js';
import { changeTier } from '../seats/allocator.js';
import { writeRefusal } from '../members/refusals.js';
import { withdrawTierChangeRequests } from '../seat-requests/queue.js';
import { revokeMemberSessions } from '../sessions/sessions.js';
import { decide, type Decision } from './decide.js';
import { groupsOfMembers, idIn } from './member-groups.js';
import { roleOutcome, tierTarget, type RuleRoleMemory } from './outcomes.js';
import { isInert } from './rule-list.js';
import { getRuleSet } from './rule-store.js';

export interface WantedTierFull {
  orgId: string;
  memberId: string | null;
  subject: string;
  wantedTier: Tier;
  /** The seat the person keeps (or got) instead; null when they hold none. */
  heldTier: Tier | null;
  /** The rule that wants the tier, or 'default'. */
  rule: number | 'default';
}

/**
 * A rule (or the default) wants a tier that has no free seat: a refusal (`seat.rejected` in the
 * log) and a seat request for that tier, written in the caller's transaction by the refusal writer.
 */
export async function onWantedTierFull(tx: Executor, ctx: ActionContext, w: WantedTierFull, err: NoSeatsAvailable): Promise<void> {
  await writeRefusal(tx, {
    orgId: w.orgId, subject: w.subject, path: 'tier_change', wanted: w.wantedTier, memberId: w.memberId,
    payload: { heldTier: w.heldTier, rule: w.rule },
    detail: { wantedTier: w.wantedTier, heldTier: w.heldTier, rule: w.rule },
  }, ctx, err);
  if (w.memberId) await withdrawTierChangeRequests(tx, w.orgId, w.memberId, w.wantedTier, w.heldTier, ctx);
}

/** Re-evaluates the given members (active ones; others hold no seat to move) with the org's rules. */
export async function reapplyRules(tx: Executor, orgId: string, memberIds: readonly string[], ctx: ActionContext): Promise<void> {
  if (memberIds.length === 0) return;
  const set = await getRuleSet(tx, orgId);
  const memories = await ruleRoleMemories(tx, orgId, memberIds);
  // Nothing can change: no rule, today's default, and no rule-given role to hand back.
  if (isInert(set) && memories.size === 0) return;
  const members = await tx.selectFrom('members').selectAll().where('org_id', '=', orgId).where('status', '=', 'active')
    .where(idIn('id', memberIds)).orderBy('created_at').orderBy('id').execute();
  const groups = await groupsOfMembers(tx, orgId, members.map((m) => m.id));
  for (const member of members) await applyDecision(tx, ctx, member, decide(set, groups.get(member.id) ?? []), memories.get(member.id) ?? null);
}

/** Carries out a decision for one active member; returns the member as it is afterwards. */
export async function applyDecision(tx: Executor, ctx: ActionContext, member: Member, decision: Decision, memory: RuleRoleMemory | null): Promise<Member> {
  if (member.status !== 'active') return member;
  let current = member;
  const role = roleOutcome(member.role, decision, memory);
  if (role.to) current = await setRuleRole(tx, ctx, member, role.to, decision.roleRule ?? null);
  await keepRuleRoleMemory(tx, member, role.memory, memory, ctx.clock.now());
  const target = tierTarget(member.seat_tier, decision);
  try {
    if (target) {
      await changeTier(tx, member.org_id, member.id, target, ctx);
      current = { ...current, seat_tier: target };
    }
  } catch (err) {
    if (!(err instanceof NoSeatsAvailable)) throw err;
    await onWantedTierFull(tx, ctx, {
      orgId: member.org_id, memberId: member.id, subject: member.user_name, wantedTier: target!, heldTier: member.seat_tier, rule: decision.tierRule,
    }, err);
    return current;
  }
  await withdrawTierChangeRequests(tx, member.org_id, member.id, null, current.seat_tier, ctx);
  return current;
}

export async function ruleRoleMemories(db: Executor, orgId: string, memberIds: readonly string[]): Promise<Map<string, RuleRoleMemory>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db.selectFrom('member_rule_roles').select(['member_id', 'role', 'previous_role'])
    .where('org_id', '=', orgId).where(idIn('member_id', memberIds)).execute();
  return new Map(rows.map((r) => [r.member_id, { role: r.role, previousRole: r.previous_role }]));
}

// As src/domain/roles/role-changes.ts: a person demoted to member loses their console sessions.
async function setRuleRole(tx: Executor, ctx: ActionContext, m: Member, to: 'admin' | 'member', rule: number | null): Promise<Member> {
  const now = ctx.clock.now();
  if (to === 'member') await revokeMemberSessions(tx, m.org_id, m.id, 'role_demoted', now);
  const after = await tx.updateTable('members').set({ role: to, updated_at: now })
    .where('id', '=', m.id).where('org_id', '=', m.org_id).where('role', 'in', ['admin', 'member'])
    .returningAll().executeTakeFirstOrThrow();
  await recordEvent(tx, ctx, {
    orgId: m.org_id, event: 'member.role_changed', memberId: m.id, subject: m.user_name,
    detail: { from: m.role, to, byRule: rule ?? 'none matches: the role before the rule' },
  });
  return after;
}

async function keepRuleRoleMemory(tx: Executor, m: Member, next: RuleRoleMemory | null, before: RuleRoleMemory | null, now: Date): Promise<void> {
  if (next === before || (next && before && next.role === before.role && next.previousRole === before.previousRole)) return;
  if (!next) { await tx.deleteFrom('member_rule_roles').where('member_id', '=', m.id).execute(); return; }
  await tx.insertInto('member_rule_roles')
    .values({ member_id: m.id, org_id: m.org_id, role: next.role, previous_role: next.previousRole, set_at: now })
    .onConflict((oc) => oc.column('member_id').doUpdateSet({ role: next.role, previous_role: next.previousRole, set_at: now })).execute();
}

/** Members of a group before a SCIM change, or null when the org's rules cannot change anyone. */
export interface GroupWatch { groupId: string; before: string[] }

/** Call before changing a group's members or name (or right after creating it), in the change's transaction. */
export async function watchGroupForRules(tx: Executor, orgId: string, groupId: string, created = false): Promise<GroupWatch | null> {
  const set = await getRuleSet(tx, orgId);
  if (isInert(set) && !(await tx.selectFrom('member_rule_roles').select('member_id').where('org_id', '=', orgId).limit(1).executeTakeFirst())) return null;
  return { groupId, before: created ? [] : await groupMemberIds(tx, orgId, groupId) };
}

/** Call after the change: everyone who was or is in the group is re-evaluated (a rename counts too). */
export async function reapplyRulesAfterGroupChange(tx: Executor, orgId: string, watch: GroupWatch | null, ctx: ActionContext): Promise<void> {
  if (!watch) return;
  const after = await groupMemberIds(tx, orgId, watch.groupId);
  await reapplyRules(tx, orgId, [...new Set([...watch.before, ...after])], ctx);
}

async function groupMemberIds(tx: Executor, orgId: string, groupId: string): Promise<string[]> {
  const rows = await tx.selectFrom('group_members').select('member_id').where('org_id', '=', orgId).where('group_id', '=', groupId).execute();
  return rows.map((r) => r.member_id);
}
