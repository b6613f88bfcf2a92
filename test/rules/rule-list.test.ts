// The rule list's strict check and the pure evaluation: first match wins (per role and per tier),
// owners never touched, a rule-given role handed back, and the seat preference each decision asks for.
import { parseRuleSet, type RuleSet } from '../../src/domain/rules/rule-list.js';
import { decide } from '../../src/domain/rules/decide.js';
import { roleOutcome, tierTarget } from '../../src/domain/rules/outcomes.js';
import { seatPreferenceFor, type SeatPreference } from '../../src/domain/rules/arrival.js';
import { bestTierWithRoom } from '../../src/domain/seats/allocator.js';
import type { SeatCounts } from '../../src/domain/errors.js';
import { DomainError, InvalidInput } from '../../src/domain/errors.js';

const refused: Array<[string, unknown, string]> = [
  ['an unknown tier', { rules: [{ match: { group: 'Eng' }, seatTier: 'gold' }] }, 'rules[0].seatTier'],
  ['an unknown default tier', { rules: [], defaultSeatTier: 'gold' }, 'defaultSeatTier'],
  ['an owner role', { rules: [{ match: { group: 'Eng' }, role: 'owner' }] }, 'rules[0].role'],
  ['a primary owner role', { rules: [{ match: { group: 'Eng' }, role: 'primary_owner' }] }, 'rules[0].role'],
  ['a NUL in a group name', { rules: [{ match: { group: 'E\u0000ng' }, role: 'admin' }] }, 'rules[0].match.group'],
  ['a lone surrogate', { rules: [{ match: { group: 'Eng\ud800' }, role: 'admin' }] }, 'rules[0].match.group'],
  ['a control character', { rules: [{ match: { group: 'Eng\u0007' }, role: 'admin' }] }, 'rules[0].match.group'],
  ['an empty group', { rules: [{ match: { group: '  ' }, role: 'admin' }] }, 'rules[0].match.group'],
  ['an oversized group', { rules: [{ match: { group: 'x'.repeat(257) }, role: 'admin' }] }, 'rules[0].match.group'],
  ['a rule deciding nothing', { rules: [{ match: { group: 'Eng' } }] }, 'rules[0]'],
  ['an unknown field', { rules: [{ match: { group: 'Eng' }, role: 'admin', tier: 'premium' }] }, 'rules[0]'],
  ['an unknown match', { rules: [{ match: { email: 'x' }, role: 'admin' }] }, 'rules[0].match'],
  ['a group matched twice', { rules: [{ match: { group: 'Eng' }, role: 'admin' }, { match: { group: ' eng ' }, seatTier: 'premium' }] }, 'rules[1].match.group'],
  ['too many rules', { rules: Array.from({ length: 101 }, (_, i) => ({ match: { group: `g${i}` }, role: 'member' })) }, 'rules'],
  ['no list', { defaultSeatTier: 'premium' }, 'rules'],
  ['a prototype key', JSON.parse('{"rules": [], "__proto__": {"x": 1}}'), 'body'],
];

describe('parseRuleSet', () => {
  test.each(refused)('refuses %s as INVALID_INPUT naming the field', (_name, input, field) => {
    let err: unknown;
    try { parseRuleSet(input); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(InvalidInput);
    expect((err as DomainError).code).toBe('INVALID_INPUT');
    expect((err as InvalidInput).field).toBe(field);
  });

  test('keeps a valid list as given, trimmed, with the default "highest" when none is named', () => {
    expect(parseRuleSet({ rules: [{ match: { group: ' Engineering ' }, seatTier: 'premium' }, { match: { group: 'IT' }, role: 'admin' }] })).toEqual({
      rules: [{ match: { group: 'Engineering' }, seatTier: 'premium' }, { match: { group: 'IT' }, role: 'admin' }], defaultSeatTier: 'highest',
    });
  });
});

const set: RuleSet = {
  rules: [
    { match: { group: 'IT' }, role: 'admin' },
    { match: { group: 'Engineering' }, seatTier: 'premium' },
    { match: { group: 'Contractors' }, role: 'member', seatTier: 'standard' },
    { match: { group: 'Engineering-leads' }, role: 'member', seatTier: 'highest' },
  ],
  defaultSeatTier: 'standard',
};

describe('decide', () => {
  test('no group matched: the default tier and no role', () => {
    expect(decide(set, ['Sales'])).toEqual({ seatTier: 'standard', tierRule: 'default' });
  });
  test('first match wins for the tier: engineering above contractors', () => {
    expect(decide(set, ['contractors', 'ENGINEERING'])).toEqual({ role: 'member', roleRule: 2, seatTier: 'premium', tierRule: 1 });
  });
  test('first match wins for the role: IT above contractors, and IT names no tier so the next rule gives it', () => {
    expect(decide(set, ['Contractors', 'IT'])).toEqual({ role: 'admin', roleRule: 0, seatTier: 'standard', tierRule: 2 });
  });
});

describe('roleOutcome', () => {
  const admin = { role: 'admin', roleRule: 0, seatTier: 'standard', tierRule: 'default' } as const;
  const none = { seatTier: 'standard', tierRule: 'default' } as const;
  test('never touches the Primary Owner or an owner, and says the rule was refused', () => {
    expect(roleOutcome('primary_owner', admin, null)).toEqual({ memory: null, refused: { wanted: 'admin' } });
    expect(roleOutcome('owner', { ...admin, role: 'member' }, null)).toEqual({ memory: null, refused: { wanted: 'member' } });
  });
  test('a member matched by an admin rule becomes admin, remembering the role before', () => {
    expect(roleOutcome('member', admin, null)).toEqual({ to: 'admin', memory: { role: 'admin', previousRole: 'member' } });
  });
  test('leaving the group hands back the role before the rule', () => {
    expect(roleOutcome('admin', none, { role: 'admin', previousRole: 'member' })).toEqual({ to: 'member', memory: null });
  });
  test('an admin made by hand stays admin when no rule names a role', () => {
    expect(roleOutcome('admin', none, null)).toEqual({ memory: null });
  });
  test('a role changed by hand since the rule is not handed back', () => {
    expect(roleOutcome('member', none, { role: 'admin', previousRole: 'member' })).toEqual({ memory: null });
  });
});

describe('tiers', () => {
  test('"highest" keeps the seat held; a named tier moves', () => {
    expect(tierTarget('standard', { seatTier: 'highest', tierRule: 0 })).toBeNull();
    expect(tierTarget('standard', { seatTier: 'premium', tierRule: 0 })).toBe('premium');
    expect(tierTarget('premium', { seatTier: 'premium', tierRule: 0 })).toBeNull();
  });
  test('the seat preference falls back only as the rule or the default allows', () => {
    expect(seatPreferenceFor(set, decide(set, ['Engineering']))).toEqual({ tier: 'premium', fallback: 'standard' });
    expect(seatPreferenceFor(set, decide(set, ['Sales']))).toEqual({ tier: 'standard', fallback: 'none' });
    expect(seatPreferenceFor(set, decide(set, ['Engineering-leads']))).toEqual({ tier: 'highest', fallback: 'highest' });
    const highest = { ...set, defaultSeatTier: 'highest' as const };
    expect(seatPreferenceFor(highest, decide(highest, ['Engineering']))).toEqual({ tier: 'premium', fallback: 'highest' });
    expect(seatPreferenceFor(highest, decide(highest, ['Contractors']))).toEqual({ tier: 'standard', fallback: 'highest' });
  });
});

describe("the allocator's choice by a rule's seat preference", () => {
  const arrivalTier = (p: SeatPreference, c: SeatCounts) => bestTierWithRoom(c, p);
  const counts = (premiumFree: number, standardFree: number) => ({ premium: { purchased: 2, claimed: 2 - premiumFree }, standard: { purchased: 2, claimed: 2 - standardFree } });
  const code = (f: () => unknown) => { try { f(); return null; } catch (e) { return (e as DomainError).code; } };
  test('the wanted tier when it has room', () => {
    expect(arrivalTier({ tier: 'standard', fallback: 'none' }, counts(2, 1))).toBe('standard');
  });
  test('"highest" and a "highest" fallback take the best free tier', () => {
    expect(arrivalTier({ tier: 'highest', fallback: 'highest' }, counts(0, 1))).toBe('standard');
    expect(arrivalTier({ tier: 'premium', fallback: 'highest' }, counts(0, 1))).toBe('standard');
  });
  test('a fixed fallback is taken only when it has room; no fallback refuses', () => {
    expect(arrivalTier({ tier: 'premium', fallback: 'standard' }, counts(0, 1))).toBe('standard');
    expect(code(() => arrivalTier({ tier: 'premium', fallback: 'standard' }, counts(0, 0)))).toBe('SEATS_EXHAUSTED');
    expect(code(() => arrivalTier({ tier: 'standard', fallback: 'none' }, counts(2, 0)))).toBe('SEATS_EXHAUSTED');
  });
});
