// The dry run of a candidate rule list: what saving it and re-evaluating every active member now
// would do — who changes tier or role, whose rule-named role is refused (owners keep theirs), who
// would wait for a seat of the tier they want, and how many seats of each tier that wait needs.
// Reads only; the same pure outcomes as apply.ts. Seats are simulated: a move into a tier is
// possible while it has room, counting the seats that members moving out of it free (repeated
// until nothing more fits, oldest members first, as apply.ts goes).
import type { Role, Tier } from '../../db/schema.js';
import type { Executor } from '../storage/transaction.js';
import { poolOf, seatCounts } from '../seats/allocator.js';
import { tiersByPriority } from '../seats/tiers.js';
import { decide } from './decide.js';
import { groupsOfMembers } from './member-groups.js';
import { roleOutcome, tierTarget } from './outcomes.js';
import { ruleRoleMemories } from './apply.js';
import { parseRuleSet, type RuleRole } from './rule-list.js';

interface Who { memberId: string; userName: string }
export interface PreviewChange extends Who { role?: { from: Role; to: RuleRole }; tier?: { from: Tier; to: Tier } }
export interface PreviewQueued extends Who { wantedTier: Tier; keepsTier: Tier }
export interface PreviewRefused extends Who { role: Role; wantedRole: RuleRole }
export interface RulePreview {
  changes: PreviewChange[];
  refused: PreviewRefused[];
  queued: PreviewQueued[];
  /** Seats to add per tier so that everyone queued is seated. */
  seatsNeeded: Record<Tier, number>;
  members: number;
}

export async function previewRules(db: Executor, orgId: string, candidate: unknown): Promise<RulePreview> {
  const set = parseRuleSet(candidate);
  const members = await db.selectFrom('members').select(['id', 'user_name', 'role', 'seat_tier']).where('org_id', '=', orgId)
    .where('status', '=', 'active').orderBy('created_at').orderBy('id').execute();
  const ids = members.map((m) => m.id);
  const [groups, memories, counts] = await Promise.all([groupsOfMembers(db, orgId, ids), ruleRoleMemories(db, orgId, ids), seatCounts(db, orgId)]);
  const changes = new Map<string, PreviewChange>();
  const refused: PreviewRefused[] = [];
  const movers: Array<Who & { from: Tier; to: Tier }> = [];
  for (const m of members) {
    const who = { memberId: m.id, userName: m.user_name };
    const decision = decide(set, groups.get(m.id) ?? []);
    const role = roleOutcome(m.role, decision, memories.get(m.id) ?? null);
    if (role.refused) refused.push({ ...who, role: m.role, wantedRole: role.refused.wanted });
    if (role.to) changes.set(m.id, { ...who, role: { from: m.role, to: role.to } });
    const to = tierTarget(m.seat_tier, decision);
    if (to) movers.push({ ...who, from: m.seat_tier!, to });
  }
  const seated = seatMovers(movers, counts);
  const queued: PreviewQueued[] = [];
  const seatsNeeded = Object.fromEntries(tiersByPriority().map((t) => [t, 0])) as Record<Tier, number>;
  for (const m of movers) {
    const who = { memberId: m.memberId, userName: m.userName };
    if (seated.has(m.memberId)) changes.set(m.memberId, { ...who, ...changes.get(m.memberId), tier: { from: m.from, to: m.to } });
    else { queued.push({ ...who, wantedTier: m.to, keepsTier: m.from }); seatsNeeded[m.to] = (seatsNeeded[m.to] ?? 0) + 1; }
  }
  return { changes: [...changes.values()], refused, queued, seatsNeeded, members: members.length };
}

/** Which moves fit: repeated passes, since a seated mover frees a seat in the tier they leave. */
function seatMovers(movers: ReadonlyArray<{ memberId: string; from: Tier; to: Tier }>, counts: Record<Tier, { purchased: number; claimed: number }>): Set<string> {
  const free = Object.fromEntries(tiersByPriority().map((t) => [t, poolOf(counts, t).purchased - poolOf(counts, t).claimed])) as Record<Tier, number>;
  const seated = new Set<string>();
  for (let progress = true; progress;) {
    progress = false;
    for (const m of movers) {
      if (seated.has(m.memberId) || (free[m.to] ?? 0) <= 0) continue;
      seated.add(m.memberId);
      free[m.to] = (free[m.to] ?? 0) - 1;
      free[m.from] = (free[m.from] ?? 0) + 1;
      progress = true;
    }
  }
  return seated;
}
