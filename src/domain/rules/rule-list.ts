// What a provisioning rule list is, and the one strict check of one that comes from outside (the
// admin API): an ordered list of { match: { group }, role?, seatTier? } plus the org's default
// seat tier. Unknown keys, unknown tiers, text PostgreSQL cannot store, an empty or oversized
// group name, a rule that decides nothing and a group matched twice (the second rule could never
// win) are all INVALID_INPUT naming the field, e.g. `rules[2].seatTier`.
import type { Tier } from '../../db/schema.js';
import { InvalidInput } from '../errors.js';
import { isTier } from '../seats/tiers.js';
import { describeTextFault, textFault } from '../text/storable-text.js';

export type RuleRole = 'admin' | 'member';
/** A tier key, or 'highest': the best tier with a free seat. */
export type TierChoice = Tier | 'highest';

export interface ProvisioningRule {
  match: { group: string };
  role?: RuleRole;
  seatTier?: TierChoice;
}

export interface RuleSet {
  rules: ProvisioningRule[];
  /** The seat tier of members no rule gives one: 'highest' (as before rules existed) or a fixed tier. */
  defaultSeatTier: TierChoice;
}

export const MAX_RULES = 100;
export const MAX_GROUP_NAME = 256;
export const NO_RULES: RuleSet = Object.freeze({ rules: Object.freeze([]) as unknown as ProvisioningRule[], defaultSeatTier: 'highest' });

/** True when the set can change nothing: no rule and the default is today's "best free seat". */
export function isInert(set: RuleSet): boolean {
  return set.rules.length === 0 && set.defaultSeatTier === 'highest';
}

/** The group name as rules compare it: trimmed, case-insensitive (IdPs treat group names so). */
export function groupKey(name: string): string {
  return name.trim().toLowerCase();
}

export function parseRuleSet(input: unknown): RuleSet {
  const body = object(input, 'body', ['rules', 'defaultSeatTier']);
  const defaultSeatTier = body.defaultSeatTier === undefined ? 'highest' : tierChoice(body.defaultSeatTier, 'defaultSeatTier');
  if (!Array.isArray(body.rules)) throw new InvalidInput('rules', 'must be a list of rules');
  if (body.rules.length > MAX_RULES) throw new InvalidInput('rules', `holds at most ${MAX_RULES} rules`);
  const seen = new Map<string, number>();
  const rules = body.rules.map((raw, i) => {
    const rule = parseRule(raw, `rules[${i}]`);
    const key = groupKey(rule.match.group);
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new InvalidInput(`rules[${i}].match.group`, `is already matched by rules[${earlier}], so this rule could never apply`);
    seen.set(key, i);
    return rule;
  });
  return { rules, defaultSeatTier };
}

function parseRule(raw: unknown, at: string): ProvisioningRule {
  const r = object(raw, at, ['match', 'role', 'seatTier']);
  const match = object(r.match, `${at}.match`, ['group']);
  const group = groupName(match.group, `${at}.match.group`);
  if (r.role === undefined && r.seatTier === undefined) throw new InvalidInput(at, 'must name a role, a seatTier or both');
  if (r.role !== undefined && r.role !== 'admin' && r.role !== 'member') throw new InvalidInput(`${at}.role`, 'must be "admin" or "member" (owners are named by people, never by rules)');
  return {
    match: { group },
    ...(r.role !== undefined ? { role: r.role as RuleRole } : {}),
    ...(r.seatTier !== undefined ? { seatTier: tierChoice(r.seatTier, `${at}.seatTier`) } : {}),
  };
}

function groupName(v: unknown, at: string): string {
  if (typeof v !== 'string') throw new InvalidInput(at, 'must be a group display name or SCIM group id');
  const fault = textFault(v);
  if (fault) throw new InvalidInput(at, describeTextFault(fault));
  const name = v.trim();
  if (!name || name.length > MAX_GROUP_NAME) throw new InvalidInput(at, `must be 1 to ${MAX_GROUP_NAME} characters`);
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new InvalidInput(at, 'must not contain control characters');
  return name;
}

function tierChoice(v: unknown, at: string): TierChoice {
  if (v === 'highest' || isTier(v)) return v;
  throw new InvalidInput(at, 'must be "highest" or the key of a seat tier');
}

function object(v: unknown, at: string, keys: readonly string[]): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new InvalidInput(at, 'must be an object');
  const extra = Object.keys(v).find((k) => !keys.includes(k));
  if (extra !== undefined) throw new InvalidInput(at, `has an unknown field "${extra.slice(0, 64)}" (allowed: ${keys.join(', ')})`);
  return v as Record<string, unknown>;
}
