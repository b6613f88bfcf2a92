// Rules where people come in: at a first arrival (the role and the seat preference that
// `provision` hands to the allocator's claim, then a named step that keeps the IdP's groups and a
// rule-given role) and at each SSO sign-in of a member (the IdP's groups kept, the member
// re-evaluated). The preference never silently gives another tier, unless the rule said 'highest'
// or the org's default allows it; then the wanted tier is queued as a seat request.
import type { Member } from '../../db/schema.js';
import { inTransaction, type Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import { decide, type Decision } from './decide.js';
import { groupsOfMember, MAX_IDP_GROUPS, rememberIdpGroups } from './member-groups.js';
import { recordEvent } from '../log/provisioning-log.js';
import { applyDecision, onWantedTierFull, ruleRoleMemories } from './apply.js';
import { NoSeatsAvailable } from '../errors.js';
import { isInert, MAX_GROUP_NAME, type RuleRole, type RuleSet } from './rule-list.js';
import { getRuleSet } from './rule-store.js';
import { seatCounts, type TierPreference } from '../seats/allocator.js';

/** What to claim: the allocator's tier preference (src/domain/seats/allocator.ts). */
export type SeatPreference = TierPreference;

export interface ArrivalPlan {
  role: RuleRole;
  seatPreference: SeatPreference;
  decision: Decision;
}

/** The default decides a tier: no fallback from a fixed default (premium kept for rule matches). */
export function seatPreferenceFor(set: RuleSet, decision: Decision): SeatPreference {
  if (decision.seatTier === 'highest') return { tier: 'highest', fallback: 'highest' };
  if (decision.tierRule === 'default' || set.defaultSeatTier === decision.seatTier) return { tier: decision.seatTier, fallback: 'none' };
  return { tier: decision.seatTier, fallback: set.defaultSeatTier };
}

/** Role and seat preference for a person arriving with these groups (SCIM: none yet). */
export async function arrivalPlan(db: Executor, orgId: string, groups: readonly string[]): Promise<ArrivalPlan> {
  const set = await getRuleSet(db, orgId);
  const decision = decide(set, groups);
  return { role: decision.role ?? 'member', seatPreference: seatPreferenceFor(set, decision), decision };
}

/**
 * The arrival step of the rules, in the arrival's transaction once the claim chose the seat by the
 * plan's preference: keeps the IdP's groups, remembers a rule-given role, and — when the claim
 * took the fallback because the wanted tier was full — queues a seat request for the wanted tier.
 */
export async function keepArrivalRules(
  tx: Executor, ctx: ActionContext, member: Member, plan: ArrivalPlan, idp: IdpGroups | null,
): Promise<void> {
  if (idp) await keepIdpGroups(tx, ctx, member, idp);
  if (plan.decision.role === 'admin' && member.role === 'admin') {
    await tx.insertInto('member_rule_roles').values({ member_id: member.id, org_id: member.org_id, role: 'admin', previous_role: 'member', set_at: ctx.clock.now() }).execute();
  }
  const wanted = plan.seatPreference.tier;
  if (wanted === 'highest' || !member.seat_tier || member.seat_tier === wanted) return;
  await onWantedTierFull(tx, ctx, {
    orgId: member.org_id, memberId: member.id, subject: member.user_name, wantedTier: wanted, heldTier: member.seat_tier, rule: plan.decision.tierRule,
  }, new NoSeatsAvailable(await seatCounts(tx, member.org_id), wanted));
}

/** The groups an IdP sent at a sign-in, as kept (idpGroupList), and how many were not. */
export interface IdpGroups { connectionId: string; groups: readonly string[]; ignored: number }

async function keepIdpGroups(tx: Executor, ctx: ActionContext, member: Member, idp: IdpGroups): Promise<void> {
  await rememberIdpGroups(tx, member.org_id, member.id, idp.connectionId, idp.groups, ctx.clock.now());
  if (idp.ignored > 0) {
    await recordEvent(tx, ctx, {
      orgId: member.org_id, event: 'member.attributes_ignored', memberId: member.id, subject: member.user_name,
      reason: `${idp.ignored} group name(s) from the IdP were not used by provisioning rules (empty, over ${MAX_GROUP_NAME} characters, or past ${MAX_IDP_GROUPS} groups).`,
      detail: { groupsIgnored: idp.ignored, connectionId: idp.connectionId },
    });
  }
}

/** At an SSO sign-in of an existing active member: keep the groups the IdP sent, re-evaluate. */
export async function applyRulesAtSignIn(
  db: Executor, ctx: ActionContext, member: Member, idp: IdpGroups | undefined,
): Promise<Member> {
  return inTransaction(db, async (tx) => {
    if (idp) await keepIdpGroups(tx, ctx, member, idp);
    const set = await getRuleSet(tx, member.org_id);
    const memory = (await ruleRoleMemories(tx, member.org_id, [member.id])).get(member.id) ?? null;
    if (isInert(set) && !memory) return member;
    const decision = decide(set, await groupsOfMember(tx, member.org_id, member.id));
    return applyDecision(tx, ctx, member, decision, memory);
  });
}
