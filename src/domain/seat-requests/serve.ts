// Seating the queue: called in the transaction of every change that makes room — seats added
// (purchase, complimentary, contract, renewal), upgraded, or freed (suspension, removal) — so the
// people turned away get the seats before anyone else can. Oldest request first; a request whose
// wanted tier is still full waits and keeps its place. Each request is seated inside a savepoint:
// one that can no longer be served (the person arrived meanwhile, the invitation expired) is
// closed without undoing the change that made room. A JIT or invitation arrival is mailed "you
// have a seat now" through the mail outbox; a SCIM user is found by the IdP's lookup-before-create.
import { sql } from 'kysely';
import type { Member, ProvisioningMethod, SeatRequest } from '../../db/schema.js';
import type { Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import type { SeatCounts } from '../errors.js';
import { DomainError } from '../errors.js';
import { recordEvent } from '../log/provisioning-log.js';
import { claim, claimNewMember, changeTier, HIGHEST, lockPools, poolOf, tiersToTry, type TierPreference } from '../seats/allocator.js';
import { isTier } from '../seats/tiers.js';
import { checkNewMember, type NewMemberInput } from '../members/new-member.js';
import { acceptInvitationStep, linkIdentity } from '../members/arrival-steps.js';
import { jitPerson } from '../members/provision.js';
import type { SsoIdentity } from '../members/sso-identity.js';
import { arrivalPlan, keepArrivalRules, type IdpGroups } from '../rules/arrival.js';
import { queuedSeatRequests } from './queue.js';
import { seatMail } from './seat-mail.js';

type Outcome = { served: Member } | { closed: 'served' | 'expired'; memberId: string | null; why: string } | 'waits';

/** Serves what the org's free seats allow; returns how many requests were seated. */
export async function serveSeatRequests(tx: Executor, orgId: string, ctx: ActionContext): Promise<number> {
  let counts = await lockPools(tx, orgId);
  if (!hasAnyRoom(counts)) return 0;
  const requests = await queuedSeatRequests(tx, orgId, { lock: true });
  let seated = 0;
  for (const r of requests) {
    if (!hasAnyRoom(counts)) break;
    const preference = preferenceOf(r);
    if (!tiersToTry(preference).some((t) => hasRoom(counts, t))) continue;
    const outcome = await inSavepoint(tx, () => serveOne(tx, r, preference, { ...ctx, method: methodOf(r) }));
    if (outcome === 'waits') continue;
    await close(tx, r, outcome, ctx);
    if ('served' in outcome) seated++;
    counts = await lockPools(tx, orgId);
  }
  return seated;
}

async function serveOne(tx: Executor, r: SeatRequest, preference: TierPreference, ctx: ActionContext): Promise<Outcome> {
  const p = r.payload as Record<string, unknown>;
  switch (r.path) {
    case 'scim': {
      const person = checkNewMember(p.fields as NewMemberInput);
      const existing = await memberNamed(tx, r.org_id, person.userName);
      if (existing) return { closed: 'served', memberId: existing.id, why: 'the person became a member meanwhile' };
      return { served: await claimNewMember(tx, person, ctx, preference, 'queued') };
    }
    case 'jit': {
      const who = p.identity as SsoIdentity;
      const idp = (p.groups ?? null) as IdpGroups | null;
      // The rules as they are now: the role and the arrival step, as at a first sign-in.
      const plan = await arrivalPlan(tx, r.org_id, idp?.groups ?? []);
      const person = checkNewMember({ ...jitPerson(who), role: plan.role });
      const existing = await memberNamed(tx, r.org_id, person.userName);
      if (existing) return { closed: 'served', memberId: existing.id, why: 'the person became a member meanwhile' };
      const member = await claimNewMember(tx, person, ctx, preference, 'queued');
      await linkIdentity(tx, who, member, ctx, null);
      // Out of the queue first: a fallback seat queues the wanted tier again, as a new request.
      await tx.updateTable('seat_requests').set({ status: 'served', served_at: ctx.clock.now() }).where('id', '=', r.id).execute();
      await keepArrivalRules(tx, ctx, member, { ...plan, seatPreference: preference }, idp);
      await mailSeated(tx, member, ctx);
      return { served: member };
    }
    case 'invite': {
      const inv = await tx.selectFrom('invitations').selectAll().where('id', '=', String(p.invitationId)).executeTakeFirst();
      if (!inv || inv.status !== 'pending' || inv.expires_at.getTime() <= ctx.clock.now().getTime()) {
        return { closed: 'expired', memberId: null, why: 'the invitation is no longer pending' };
      }
      const member = await claimNewMember(tx, checkNewMember({ orgId: inv.org_id, userName: inv.email, email: inv.email, role: inv.role }), ctx, preference, 'queued');
      await acceptInvitationStep(tx, inv.id, member, ctx);
      await mailSeated(tx, member, ctx);
      return { served: member };
    }
    case 'scim_reactivation': {
      const m = await memberById(tx, r.org_id, r.member_id);
      if (!m || m.status !== 'suspended') return { closed: m?.status === 'active' ? 'served' : 'expired', memberId: m?.id ?? null, why: `the member is ${m?.status ?? 'gone'}` };
      const tier = await claim(tx, r.org_id, m.id, ctx, preference, 'queued');
      await recordEvent(tx, ctx, { orgId: r.org_id, event: 'member.reactivated', memberId: m.id, subject: m.user_name, tier, reason: 'queued' });
      return { served: (await memberById(tx, r.org_id, m.id))! };
    }
    case 'tier_change': {
      const m = await memberById(tx, r.org_id, r.member_id);
      if (!m || m.status !== 'active') return { closed: 'expired', memberId: m?.id ?? null, why: `the member is ${m?.status ?? 'gone'}` };
      await changeTier(tx, r.org_id, m.id, preference, ctx, 'queued');
      return { served: (await memberById(tx, r.org_id, m.id))! };
    }
  }
}

async function close(tx: Executor, r: SeatRequest, outcome: Exclude<Outcome, 'waits'>, ctx: ActionContext): Promise<void> {
  const now = ctx.clock.now();
  const served = 'served' in outcome;
  const status = served ? 'served' : outcome.closed;
  const memberId = served ? outcome.served.id : outcome.memberId;
  await tx.updateTable('seat_requests').set({ status, served_at: status === 'served' ? now : null, served_member_id: memberId })
    .where('id', '=', r.id).execute();
  await recordEvent(tx, ctx, {
    orgId: r.org_id, event: status === 'served' ? 'seat_request.served' : 'seat_request.expired', memberId, subject: r.subject,
    tier: served ? outcome.served.seat_tier : null, reason: served ? 'queued' : outcome.why,
    detail: { requestId: r.id, path: r.path, wantedTier: r.wanted_tier, attempts: r.attempts, firstSeen: r.first_seen.toISOString() },
  });
}

/**
 * Runs one serve inside a savepoint. A domain refusal (the wanted tier filled up, the contract
 * lapsed) or a constraint violation rolls it back and the request waits; anything else (the
 * database went away) undoes the whole change.
 */
async function inSavepoint(tx: Executor, fn: () => Promise<Outcome>): Promise<Outcome> {
  await sql`savepoint seat_request`.execute(tx);
  try {
    const outcome = await fn();
    await sql`release savepoint seat_request`.execute(tx);
    return outcome;
  } catch (err) {
    await sql`rollback to savepoint seat_request`.execute(tx);
    if (err instanceof DomainError || isConstraintViolation(err)) return 'waits';
    throw err;
  }
}

/** SQLSTATE class 23: the request collides with a row written meanwhile; it waits, the change goes on. */
function isConstraintViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('23');
}

/** A queued arrival keeps its whole preference (a rule's tier, else the default's); anything else wants its tier. */
function preferenceOf(r: SeatRequest): TierPreference {
  const kept = (r.payload as { preference?: { tier?: unknown; fallback?: unknown } }).preference;
  if (kept && (kept.tier === 'highest' || isTier(kept.tier)) && (kept.fallback === 'highest' || kept.fallback === 'none' || isTier(kept.fallback))) {
    return { tier: kept.tier, fallback: kept.fallback };
  }
  return isTier(r.wanted_tier) ? { tier: r.wanted_tier, fallback: 'none' } : HIGHEST;
}

function methodOf(r: SeatRequest): ProvisioningMethod {
  return r.path === 'jit' ? 'jit' : r.path === 'invite' ? 'manual' : 'scim';
}

function hasAnyRoom(counts: SeatCounts): boolean {
  return Object.values(counts).some((c) => c.claimed < c.purchased);
}

function hasRoom(counts: SeatCounts, tier: string): boolean {
  const pool = poolOf(counts, tier);
  return pool.claimed < pool.purchased;
}

async function memberNamed(tx: Executor, orgId: string, userName: string): Promise<Member | undefined> {
  return tx.selectFrom('members').selectAll().where('org_id', '=', orgId).where('status', '<>', 'deprovisioned')
    .where((eb) => eb(eb.fn('lower', ['user_name']), '=', userName.toLowerCase())).executeTakeFirst();
}

async function memberById(tx: Executor, orgId: string, id: string | null): Promise<Member | undefined> {
  if (!id) return undefined;
  return tx.selectFrom('members').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

async function mailSeated(tx: Executor, m: Member, ctx: ActionContext): Promise<void> {
  const org = await tx.selectFrom('organizations').select('name').where('id', '=', m.org_id).executeTakeFirstOrThrow();
  const now = ctx.clock.now();
  const mail = seatMail({ orgName: org.name, tier: m.seat_tier });
  await tx.insertInto('alert_deliveries').values({
    org_id: m.org_id, channel: 'email', target: m.email, subject: mail.subject, body: mail.text, next_attempt_at: now, created_at: now,
  }).execute();
}
