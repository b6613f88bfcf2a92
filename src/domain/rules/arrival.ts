// Rules where people come in: at a first arrival (the role and seat preference handed to
// `provision`, then what the claim could not honour) and at each SSO sign-in of a member (the
// IdP's groups kept, the member re-evaluated). The seat preference is what the allocator is asked
// for: a named tier, and what to take when it is full — never silently another tier, unless the
// rule said 'highest' or the org's default allows it; then the wanted tier is recorded as demand.
import type { Member, Tier } from '../../db/schema.js';
import { inTransaction, type Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import { decide, type Decision } from './decide.js';
import { groupsOfMember, MAX_IDP_GROUPS, rememberIdpGroups } from './member-groups.js';
import { recordEvent } from '../log/provisioning-log.js';
import { applyDecision, onWantedTierFull, ruleRoleMemories } from './apply.js';
import { NoSeatsAvailable, type SeatCounts } from '../errors.js';
import { isInert, MAX_GROUP_NAME, type RuleRole, type RuleSet, type TierChoice } from './rule-list.js';
import { getRuleSet } from './rule-store.js';
import { bestTierWithRoom, changeTier, seatCounts } from '../seats/allocator.js';

/** What to claim: `tier` first; when it is full, `fallback` ('highest': the best free tier; 'none': refuse). */
export interface SeatPreference { tier: TierChoice; fallback: Tier | 'highest' | 'none' }

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

/**
 * The tier a new claim with this preference gets, from current counts, or NoSeatsAvailable: what
 * the allocator does once it claims by preference (and what the test sign-in shows meanwhile).
 */
export function arrivalTier(pref: SeatPreference, counts: SeatCounts): Tier {
  const hasRoom = (t: Tier) => counts[t].claimed < counts[t].purchased;
  const { tier, fallback } = pref;
  if (tier === 'highest') return bestTierWithRoom(counts);
  if (hasRoom(tier)) return tier;
  if (fallback === 'highest') return bestTierWithRoom(counts);
  if (fallback === 'none') throw new NoSeatsAvailable(counts, tier);
  if (!hasRoom(fallback)) throw new NoSeatsAvailable(counts, fallback);
  return fallback;
}

/** Role and seat preference for a person arriving with these groups (SCIM: none yet). */
export async function arrivalPlan(db: Executor, orgId: string, groups: readonly string[]): Promise<ArrivalPlan> {
  const set = await getRuleSet(db, orgId);
  const decision = decide(set, groups);
  return { role: decision.role ?? 'member', seatPreference: seatPreferenceFor(set, decision), decision };
}

/**
 * In the arrival's transaction, once the member exists: keeps the IdP's groups, remembers a
 * rule-given role, and settles the tier as the preference says — the wanted tier when it has
 * room; when it is full, the fallback (recording the wanted tier as demand), or no seat at all:
 * NoSeatsAvailable, which rolls the arrival back and is logged by `provision` as a refusal.
 * Once the allocator claims by preference, the claim already lands where this would move it.
 */
export async function applyRulesAtArrival(
  tx: Executor, ctx: ActionContext, member: Member, plan: ArrivalPlan, idp?: IdpGroups,
): Promise<Member> {
  if (idp) await keepIdpGroups(tx, ctx, member, idp);
  if (plan.decision.role === 'admin' && member.role === 'admin') {
    await tx.insertInto('member_rule_roles').values({ member_id: member.id, org_id: member.org_id, role: 'admin', previous_role: 'member', set_at: ctx.clock.now() }).execute();
  }
  const { tier: wanted, fallback } = plan.seatPreference;
  if (wanted === 'highest' || member.seat_tier === wanted || !member.seat_tier) return member;
  const counts = await seatCounts(tx, member.org_id);
  const hasRoom = (t: Tier) => counts[t].claimed < counts[t].purchased;
  const moveTo = async (t: Tier): Promise<Member> => {
    if (member.seat_tier === t) return member;
    await changeTier(tx, member.org_id, member.id, t, ctx);
    return { ...member, seat_tier: t };
  };
  if (hasRoom(wanted)) return moveTo(wanted);
  if (fallback === 'none') throw new NoSeatsAvailable(counts, wanted);
  if (fallback !== 'highest' && member.seat_tier !== fallback && !hasRoom(fallback)) throw new NoSeatsAvailable(counts, fallback);
  const settled = fallback === 'highest' ? member : await moveTo(fallback);
  await onWantedTierFull(tx, ctx, { orgId: member.org_id, memberId: member.id, subject: member.user_name, wantedTier: wanted, heldTier: settled.seat_tier, rule: plan.decision.tierRule });
  return settled;
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
