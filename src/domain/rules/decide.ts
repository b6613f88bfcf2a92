// Pure evaluation of a rule list against a member's groups. Read top to bottom, first match wins,
// separately for each thing a rule decides: the role comes from the first matching rule that
// names a role, the seat tier from the first matching rule that names a tier (else the org's
// default). So "IT are Admins" above "Engineering get premium" still gives an engineer in IT both.
import { groupKey, type RuleRole, type RuleSet, type TierChoice } from './rule-list.js';

export interface Decision {
  /** Absent when no matching rule names a role. */
  role?: RuleRole;
  /** Index of the rule that gave the role. */
  roleRule?: number;
  seatTier: TierChoice;
  /** Index of the rule that gave the tier, or 'default'. */
  tierRule: number | 'default';
}

export function decide(set: RuleSet, groups: readonly string[]): Decision {
  const have = new Set(groups.map(groupKey));
  const decision: Decision = { seatTier: set.defaultSeatTier, tierRule: 'default' };
  set.rules.forEach((rule, i) => {
    if (!have.has(groupKey(rule.match.group))) return;
    if (rule.role !== undefined && decision.roleRule === undefined) { decision.role = rule.role; decision.roleRule = i; }
    if (rule.seatTier !== undefined && decision.tierRule === 'default') { decision.seatTier = rule.seatTier; decision.tierRule = i; }
  });
  return decision;
}
