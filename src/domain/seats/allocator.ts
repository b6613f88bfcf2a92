// The seat allocator: every arrival (SCIM, SSO/JIT, invite) and every reassignment passes here,
// and it is the only code that chooses a tier, from a preference (`TierPreference`).
// Atomicity: each operation first locks the org's pool rows in one fixed order (SELECT … FOR
// UPDATE), so concurrent claims on one org queue on that lock and read fresh counts; the choice
// "highest tier with room" is then made on current numbers, never on a stale snapshot. The
// counters themselves are kept by a trigger on members, and CHECK (claimed <= purchased) is the
// backstop should any path skip the lock.
import { sql } from 'kysely';
import type { Executor } from '../storage/transaction.js';
import type { Member, Tier } from '../../db/schema.js';
import type { ActionContext } from '../context.js';
import { recordEvent } from '../log/provisioning-log.js';
import {
  InvalidInput, MemberNotActive, MemberNotFound, NoSeatsAvailable, OrgNotFound, UpgradeExceedsStandardSeats, UpgradeNeedsMembers, type SeatCounts,
} from '../errors.js';
import { isTier, tierRank, tiersByPriority } from './tiers.js';
import { isUuid } from '../ids.js';
import { revokeMemberSessions } from '../sessions/sessions.js';
import { endAppAccess } from '../apps/app-access.js';
import { contractLapsedSql, assertContractOpen } from '../billing/contract-lapse.js';
import { dayOf } from '../billing/calendar.js';
import type { CheckedMemberInput } from '../members/new-member.js';

export const MAX_SEATS_PER_CHANGE = 1_000_000;

/** Current counts, without locking: for display. */
export async function seatCounts(db: Executor, orgId: string): Promise<SeatCounts> {
  const rows = await db.selectFrom('seat_pools').select(['tier', 'purchased', 'claimed'])
    .where('org_id', '=', orgId).execute();
  return toCounts(orgId, rows);
}

/** Locks every pool row of the org (always in tier-key order) and returns fresh counts. */
export async function lockPools(tx: Executor, orgId: string): Promise<SeatCounts> {
  const rows = await tx.selectFrom('seat_pools').select(['tier', 'purchased', 'claimed'])
    .where('org_id', '=', orgId).orderBy('tier').forUpdate().execute();
  return toCounts(orgId, rows);
}

/**
 * Which tier a claim wants and what it accepts when that tier is full: `highest` takes the best
 * tier with room (the catalogue order, tiersByPriority); a named tier with `fallback: 'none'` takes
 * that tier or nothing; with `fallback: 'highest'` it takes that tier first, else the best tier with
 * room; with a tier as fallback (a provisioning rule's tier over the org's fixed default), that one or nothing.
 */
export interface TierPreference { tier: Tier | 'highest'; fallback: Tier | 'highest' | 'none' }

export const HIGHEST: TierPreference = Object.freeze({ tier: 'highest', fallback: 'highest' });

/** The tiers a claim with this preference may take, in the order it tries them. */
export function tiersToTry(p: TierPreference): Tier[] {
  if (p.tier === 'highest') return [...tiersByPriority()];
  const wanted = p.tier;
  // A tier the catalogue does not sell is a wrong request, not a full tier: never refused as "no seat", never queued.
  if (!isTier(wanted)) throw new InvalidInput('seatTier', `must be a tier of the catalogue (one of ${tiersByPriority().join(', ')}) or highest`);
  if (p.fallback === 'none' || p.fallback === wanted) return [wanted];
  if (p.fallback !== 'highest') {
    if (!isTier(p.fallback)) throw new InvalidInput('seatTier', `fallback must be a tier of the catalogue (one of ${tiersByPriority().join(', ')}), highest or none`);
    return [wanted, p.fallback];
  }
  return [wanted, ...tiersByPriority().filter((t) => t !== wanted)];
}

/** Locks the pools and names the tier a new claim gets, or throws NoSeatsAvailable. */
export async function pickTier(tx: Executor, orgId: string, preference: TierPreference = HIGHEST): Promise<Tier> {
  return bestTierWithRoom(await lockPools(tx, orgId), preference);
}

export function bestTierWithRoom(counts: SeatCounts, preference: TierPreference = HIGHEST): Tier {
  const tier = tiersToTry(preference).find((t) => hasRoom(counts, t));
  if (!tier) throw new NoSeatsAvailable(counts, refusedTier(preference));
  return tier;
}

/** The tier a refusal names: the last one the preference would have accepted, unless any would do. */
function refusedTier(p: TierPreference): Tier | undefined {
  if (p.tier === 'highest' || p.fallback === 'highest') return undefined;
  return p.fallback === 'none' ? p.tier : p.fallback;
}

/**
 * Creates an active member holding a seat chosen by `preference`. Hot path, so ONE statement,
 * atomic on its own: lock the org's pool rows (FOR UPDATE returns their current values), pick the
 * first tier of the preference with room, insert the member (the trigger bumps `claimed`) and
 * write `member.created` and `seat.claimed`. The pool lock is held only for that statement and
 * the commit. No row back means no tier had room, or the contract has lapsed. A taken userName
 * surfaces as the unique index's violation. `reason` goes in the seat.claimed row (e.g. 'queued').
 */
export async function claimNewMember(
  tx: Executor, input: CheckedMemberInput, ctx: ActionContext, preference: TierPreference = HIGHEST, reason: string | null = null,
): Promise<Member> {
  const now = ctx.clock.now();
  // The preference's tiers in the order it tries them (catalogue order for 'highest'), as one
  // parameter: catalogue keys hold no comma (src/domain/seats/catalogue.ts).
  const order = tiersToTry(preference).join(',');
  const { rows } = await sql<Member>`
    with pools as (
      select tier, purchased, claimed from seat_pools where org_id = ${input.orgId} order by tier for update
    ), pick as (
      -- An ended contract admits nobody new (docs/billing.md, "What expiry does").
      select tier from pools
      where claimed < purchased and tier = any(string_to_array(${order}, ',')) and not ${contractLapsedSql(input.orgId, dayOf(now))}
      order by array_position(string_to_array(${order}, ','), tier) limit 1
    ), m as (
      insert into members (org_id, user_name, email, display_name, given_name, family_name, role, status,
                           seat_tier, external_id, scim_attributes, created_via, created_at, updated_at)
      select ${input.orgId}, ${input.userName}, ${input.email}, ${input.displayName ?? null}, ${input.givenName ?? null},
             ${input.familyName ?? null}, ${input.role}, 'active', pick.tier, ${input.externalId ?? null},
             ${JSON.stringify(input.scimAttributes ?? {})}::jsonb, ${ctx.method}, ${now}, ${now}
      from pick
      returning *
    ), logged as (
      insert into provisioning_events (org_id, occurred_at, event, outcome, member_id, subject, method,
                                       actor_type, actor_id, actor_label, tier, reason, detail, request_id)
      select m.org_id, ${now}, e.event, 'success', m.id, m.user_name, ${ctx.method}, ${ctx.actor.type},
             ${ctx.actor.id ?? null}, ${ctx.actor.label ?? null}, e.tier, e.reason, e.detail::jsonb, ${ctx.requestId ?? null}
      from m cross join lateral (values (1, 'member.created', null::text, null::text, ${JSON.stringify({ role: input.role })}),
                                        (2, 'seat.claimed', m.seat_tier, ${reason}::text, ${reason ? JSON.stringify({ reason }) : null}))
                                 as e(n, event, tier, reason, detail)
      order by e.n
    )
    select * from m`.execute(tx);
  if (!rows[0]) {
    await assertContractOpen(tx, input.orgId, dayOf(now));
    throw new NoSeatsAvailable(await seatCounts(tx, input.orgId), refusedTier(preference));
  }
  return rows[0];
}

/** Gives a suspended member a seat again (and so makes them active). */
export async function claim(
  tx: Executor, orgId: string, memberId: string, ctx: ActionContext, preference: TierPreference = HIGHEST, reason: string | null = null,
): Promise<Tier> {
  const counts = await lockPools(tx, orgId);
  const member = await findMember(tx, orgId, memberId);
  if (member.status === 'active') return member.seat_tier!;
  if (member.status === 'deprovisioned') throw new MemberNotActive(memberId, member.status);
  const tier = bestTierWithRoom(counts, preference);
  await tx.updateTable('members').set({ seat_tier: tier, status: 'active', updated_at: ctx.clock.now() })
    .where('id', '=', memberId).where('org_id', '=', orgId).execute();
  await recordEvent(tx, ctx, { orgId, event: 'seat.claimed', memberId, tier, subject: member.user_name, reason, detail: reason ? { reason } : null });
  return tier;
}

/**
 * Takes the seat back from a member, who becomes suspended or deprovisioned; their sign-in
 * sessions end in the same transaction (a copied cookie stops working with the seat), and so does
 * their access to applications: grants and tokens are deleted, back-channel logouts queued.
 */
export async function release(
  tx: Executor, orgId: string, memberId: string, status: 'suspended' | 'deprovisioned', ctx: ActionContext,
): Promise<Tier | null> {
  await lockPools(tx, orgId);
  const member = await findMember(tx, orgId, memberId);
  if (member.status === 'deprovisioned') return null;
  await tx.updateTable('members').set({ seat_tier: null, status, updated_at: ctx.clock.now() })
    .where('id', '=', memberId).where('org_id', '=', orgId).execute();
  await revokeMemberSessions(tx, orgId, memberId, status === 'suspended' ? 'suspended' : 'removed', ctx.clock.now());
  await endAppAccess(tx, memberId, status === 'suspended' ? 'suspended' : 'removed', ctx.clock.now());
  if (member.seat_tier) {
    await recordEvent(tx, ctx, { orgId, event: 'seat.released', memberId, tier: member.seat_tier, subject: member.user_name });
  }
  return member.seat_tier;
}

/**
 * Moves an active member's seat to the tier the preference names when it has room. A named tier
 * defaults to `fallback: 'none'` (an admin's move is refused rather than sent elsewhere); with
 * `highest` the member keeps their seat when no better-ranked tier has room. Returns the tier held.
 */
export async function changeTier(
  tx: Executor, orgId: string, memberId: string, wanted: Tier | TierPreference, ctx: ActionContext, reason: string | null = null,
): Promise<Tier> {
  const preference: TierPreference = typeof wanted === 'string' ? { tier: wanted, fallback: 'none' } : wanted;
  const counts = await lockPools(tx, orgId);
  const member = await findMember(tx, orgId, memberId);
  if (member.status !== 'active') throw new MemberNotActive(memberId, member.status);
  const current = member.seat_tier!;
  // The member's own seat counts as room in its tier: staying put is always possible.
  const tier = tiersToTry(preference).find((t) => t === current || hasRoom(counts, t));
  if (!tier) throw new NoSeatsAvailable(counts, refusedTier(preference));
  if (tier === current) return current;
  await tx.updateTable('members').set({ seat_tier: tier, updated_at: ctx.clock.now() })
    .where('id', '=', memberId).where('org_id', '=', orgId).execute();
  await recordEvent(tx, ctx, {
    orgId, event: 'seat.tier_changed', memberId, tier, subject: member.user_name,
    detail: { from: member.seat_tier, to: tier, ...(reason ? { reason } : {}) }, reason,
  });
  return tier;
}

/** Adds purchased seats. Seats only ever increase (a trigger refuses a decrease). */
/** `note` says in the log why seats came without an invoice (e.g. complimentary). */
export async function addSeats(
  tx: Executor, orgId: string, tier: Tier, count: number, ctx: ActionContext, note?: { reason: string; detail: Record<string, unknown> },
): Promise<SeatCounts> {
  assertSeatCount(count);
  const updated = await tx.updateTable('seat_pools').set({ purchased: sql`purchased + ${count}` })
    .where('org_id', '=', orgId).where('tier', '=', tier).executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new OrgNotFound(orgId);
  await recordEvent(tx, ctx, { orgId, event: 'seats.added', tier, detail: { count, ...note?.detail }, reason: note?.reason ?? null });
  return seatCounts(tx, orgId);
}

/** An upgrade moves seats from a lower tier to a higher one; the default is the second-best to the best. */
export interface UpgradeDirection { from: Tier; to: Tier }

/** The direction of an upgrade, checked against the catalogue (a missing side takes the default). */
export function upgradeDirection(from?: Tier, to?: Tier): UpgradeDirection {
  const keys = tiersByPriority();
  const toTier = to ?? (from !== undefined && tierRank(from) > 0 ? keys[tierRank(from) - 1]! : keys[0]!);
  const fromTier = from ?? keys[tierRank(toTier) + 1];
  if (tierRank(toTier) < 0) throw new InvalidInput('upgrade.to', `must be one of ${keys.join(', ')}`);
  if (fromTier === undefined) throw new InvalidInput('upgrade.from', `names no tier below ${toTier}: an upgrade needs two tiers`);
  if (tierRank(fromTier) < 0) throw new InvalidInput('upgrade.from', `must be one of ${keys.join(', ')}`);
  if (tierRank(fromTier) <= tierRank(toTier)) throw new InvalidInput('upgrade.from', `must be a tier below ${toTier} (tiers best first: ${keys.join(', ')})`);
  return { from: fromTier, to: toTier };
}

/**
 * Upgrades `count` purchased seats of `direction.from` to `direction.to` (a higher tier). Unclaimed
 * seats go first; the members named in `moveMemberIds` (at most `count`, each on an active seat
 * of the lower tier) move up in the same transaction, and at least `count - unclaimed` must be
 * named. No seat leaves the allocation: the higher tier gains `count` (converted_in), the lower
 * loses `count` (converted_out), which the never-shrink trigger allows only in that form, and
 * CHECK (claimed <= purchased) makes sure only unclaimed seats are converted (see
 * 0300-seat-conversion and docs/billing.md).
 */
export async function convertSeats(
  tx: Executor, orgId: string, count: number, moveMemberIds: readonly string[], ctx: ActionContext,
  direction: UpgradeDirection = upgradeDirection(),
): Promise<SeatCounts> {
  assertSeatCount(count);
  const { from, to } = direction;
  const counts = await lockPools(tx, orgId);
  if (new Set(moveMemberIds).size !== moveMemberIds.length) throw new InvalidInput('members', 'names a member twice');
  if (moveMemberIds.length > count) throw new InvalidInput('members', `names ${moveMemberIds.length} members for ${count} upgraded seat(s)`);
  const lower = poolOf(counts, from);
  const unclaimed = lower.purchased - lower.claimed;
  if (count > lower.purchased) throw new UpgradeExceedsStandardSeats(count, lower.purchased, from, to);
  if (unclaimed + moveMemberIds.length < count) throw new UpgradeNeedsMembers(count, unclaimed, moveMemberIds.length, from, to);
  // The higher tier grows first so that the named members have room; the lower shrinks last, once they left it.
  await tx.updateTable('seat_pools').set({ purchased: sql`purchased + ${count}`, converted_in: sql`converted_in + ${count}` })
    .where('org_id', '=', orgId).where('tier', '=', to).execute();
  for (const memberId of moveMemberIds) {
    const member = await findMember(tx, orgId, memberId);
    if (member.status !== 'active') throw new MemberNotActive(memberId, member.status);
    if (member.seat_tier !== from) throw new InvalidInput('members', `member ${memberId} does not hold a ${from} seat`);
    await changeTier(tx, orgId, memberId, to, ctx);
  }
  await tx.updateTable('seat_pools').set({ purchased: sql`purchased - ${count}`, converted_out: sql`converted_out + ${count}` })
    .where('org_id', '=', orgId).where('tier', '=', from).execute();
  await recordEvent(tx, ctx, { orgId, event: 'seats.converted', tier: to, detail: { from, to, count, movedMemberIds: moveMemberIds } });
  return seatCounts(tx, orgId);
}

/** The counts of one tier; a tier without a pool row has none. */
export function poolOf(counts: SeatCounts, tier: Tier): { purchased: number; claimed: number } {
  return counts[tier] ?? { purchased: 0, claimed: 0 };
}

function hasRoom(counts: SeatCounts, tier: Tier): boolean {
  const pool = poolOf(counts, tier);
  return pool.claimed < pool.purchased;
}

function assertSeatCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SEATS_PER_CHANGE) {
    throw new InvalidInput('count', `must be a whole number from 1 to ${MAX_SEATS_PER_CHANGE}`);
  }
}

// Always called after lockPools: every operation locks pools, then the member, in that order.
async function findMember(tx: Executor, orgId: string, memberId: string) {
  if (!isUuid(memberId)) throw new MemberNotFound(memberId);
  const member = await tx.selectFrom('members').select(['status', 'seat_tier', 'user_name'])
    .where('id', '=', memberId).where('org_id', '=', orgId).forUpdate().executeTakeFirst();
  if (!member) throw new MemberNotFound(memberId);
  return member;
}

function toCounts(orgId: string, rows: Array<{ tier: Tier; purchased: number; claimed: number }>): SeatCounts {
  if (rows.length === 0) throw new OrgNotFound(orgId);
  // Every catalogue tier, best first (start-up made sure each has a pool row).
  const counts: SeatCounts = {};
  for (const tier of tiersByPriority()) counts[tier] = { purchased: 0, claimed: 0 };
  for (const r of rows) if (counts[r.tier]) counts[r.tier] = { purchased: r.purchased, claimed: r.claimed };
  return counts;
}
