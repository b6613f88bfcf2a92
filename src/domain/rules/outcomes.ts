// What a decision means for one member who already holds a seat: pure, shared by the real
// re-evaluation (apply.ts) and the dry run (preview.ts), so the preview cannot drift from it.
// Roles: owners and the Primary Owner are never touched; a rule only sets admin or member, and a
// role a rule gave is remembered with the role before it, which comes back when no rule names a
// role any more. A role someone changed by hand since is theirs: the memory of the rule is dropped.
// Tiers: 'highest' keeps whatever seat the member holds (today's behaviour); a named tier moves them.
import type { Role, Tier } from '../../db/schema.js';
import type { Decision } from './decide.js';
import type { RuleRole } from './rule-list.js';

export interface RuleRoleMemory { role: RuleRole; previousRole: RuleRole }

export interface RoleOutcome {
  /** The new role, when it changes. */
  to?: RuleRole;
  /** What to remember afterwards: a rule-given role (with the role before it), or nothing. */
  memory: RuleRoleMemory | null;
  /** A rule named a role the member keeps because they are an owner. */
  refused?: { wanted: RuleRole };
}

export function roleOutcome(current: Role, decision: Decision, memory: RuleRoleMemory | null): RoleOutcome {
  if (current === 'owner' || current === 'primary_owner') {
    return { memory: null, ...(decision.role ? { refused: { wanted: decision.role } } : {}) };
  }
  const mine = memory && memory.role === current ? memory : null;
  if (decision.role) {
    if (decision.role === current) return { memory: mine };
    return { to: decision.role, memory: { role: decision.role, previousRole: mine?.previousRole ?? current } };
  }
  if (mine && mine.previousRole !== current) return { to: mine.previousRole, memory: null };
  return { memory: null };
}

/** The tier a member holding `held` should move to, or null when they stay. */
export function tierTarget(held: Tier | null, decision: Decision): Tier | null {
  if (held === null || decision.seatTier === 'highest' || decision.seatTier === held) return null;
  return decision.seatTier;
}
