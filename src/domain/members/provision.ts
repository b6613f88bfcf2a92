// The one way a person becomes a member: SCIM, SSO/JIT and invitations all call `provision`,
// naming their path in the context. The member row, its seat and the log rows commit together or
// not at all; a refusal is logged afterwards in its own transaction (there is nothing to roll
// back with it), so the org's admins see who was turned away and why.
import { sql, type Transaction } from 'kysely';
import type { Database, Member, Role } from '../../db/schema.js';
import { asOneStatement, inTransaction, type Executor } from '../storage/transaction.js';
import { seatCounts } from '../seats/allocator.js';
import { tiersByPriority } from '../seats/tiers.js';
import { recordEvent } from '../log/provisioning-log.js';
import type { ActionContext } from '../context.js';
import { DomainError, InvalidInput, NoSeatsAvailable } from '../errors.js';
import { normalizeEmail } from './email.js';
import { assertAcceptsArrivals, contractLapsedSql } from '../billing/contracts.js';
import { dayOf } from '../billing/calendar.js';

export interface NewMemberInput {
  orgId: string;
  /** Unique per org, case-insensitively. For JIT and invites it is the email. */
  userName: string;
  email: string;
  displayName?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  role?: Role;
  externalId?: string | null;
  /** Attributes an edge keeps without a column of their own (SCIM: emails, title, extensions…). */
  scimAttributes?: Record<string, unknown>;
}

export interface ProvisionOptions {
  /** Runs inside the same transaction once the member exists (e.g. mark an invitation accepted). */
  inTransaction?: (tx: Transaction<Database>, member: Member) => Promise<void>;
}

/** Creates an active member holding the best available seat, or throws (and logs why). */
export async function provision(db: Executor, input: NewMemberInput, ctx: ActionContext, options: ProvisionOptions = {}): Promise<Member> {
  const constraints = { userName: input.userName, counts: () => seatCounts(db, input.orgId) };
  const hook = options.inTransaction;
  try {
    // Without a hook the claim is createMember's single statement, atomic by itself.
    if (!hook) return await asOneStatement(() => createMember(db, input, ctx), constraints);
    return await inTransaction(db, async (tx) => {
      const member = await createMember(tx, input, ctx);
      await hook(tx, member);
      return member;
    }, constraints);
  } catch (err) {
    if (err instanceof DomainError && !db.isTransaction) await logRefusal(db, input, ctx, err);
    throw err;
  }
}

/**
 * The body of `provision`: on its own (atomic as one statement), inside provision's transaction
 * when there is a hook, or in a caller's transaction (organization set-up). Hot path, so one statement: lock the org's pool rows (FOR UPDATE returns their current
 * values), pick the best tier with room, insert the member (the trigger bumps `claimed`) and
 * write both log rows. The pool lock is held only for that statement and the commit. No row back
 * means no tier had room (or the contract has ended). A taken userName surfaces as the unique index's violation.
 */
export async function createMember(tx: Executor, input: NewMemberInput, ctx: ActionContext): Promise<Member> {
  const userName = input.userName.trim();
  if (!userName || userName.length > 320) throw new InvalidInput('userName', 'is required, at most 320 characters');
  const email = normalizeEmail(input.email);
  const now = ctx.clock.now();
  const role = input.role ?? 'member';
  const { rows } = await sql<Member>`
    with pools as (
      select tier, purchased, claimed from seat_pools where org_id = ${input.orgId} order by tier for update
    ), pick as (
      -- An ended contract admits nobody new (docs/billing.md, "What expiry does").
      select tier from pools where claimed < purchased and not ${contractLapsedSql(input.orgId, dayOf(now))}
      order by array_position(string_to_array(${tiersByPriority().join(',')}, ','), tier) limit 1
    ), m as (
      insert into members (org_id, user_name, email, display_name, given_name, family_name, role, status,
                           seat_tier, external_id, scim_attributes, created_via, created_at, updated_at)
      select ${input.orgId}, ${userName}, ${email}, ${input.displayName ?? null}, ${input.givenName ?? null},
             ${input.familyName ?? null}, ${role}, 'active', pick.tier, ${input.externalId ?? null},
             ${JSON.stringify(input.scimAttributes ?? {})}::jsonb, ${ctx.method}, ${now}, ${now}
      from pick
      returning *
    ), logged as (
      insert into provisioning_events (org_id, occurred_at, event, outcome, member_id, subject, method,
                                       actor_type, actor_id, actor_label, tier, detail, request_id)
      select m.org_id, ${now}, e.event, 'success', m.id, m.user_name, ${ctx.method}, ${ctx.actor.type},
             ${ctx.actor.id ?? null}, ${ctx.actor.label ?? null}, e.tier, e.detail::jsonb, ${ctx.requestId ?? null}
      from m cross join lateral (values (1, 'member.created', null::text, ${JSON.stringify({ role })}),
                                        (2, 'seat.claimed', m.seat_tier, null)) as e(n, event, tier, detail)
      order by e.n
    )
    select * from m`.execute(tx);
  if (!rows[0]) {
    await assertAcceptsArrivals(tx, input.orgId, now);
    throw new NoSeatsAvailable(await seatCounts(tx, input.orgId));
  }
  return rows[0];
}

async function logRefusal(db: Executor, input: NewMemberInput, ctx: ActionContext, err: DomainError): Promise<void> {
  const noSeats = err instanceof NoSeatsAvailable;
  try {
    await recordEvent(db, ctx, {
      orgId: input.orgId,
      event: noSeats ? 'seat.rejected' : 'member.rejected',
      outcome: 'rejected',
      subject: input.userName,
      reason: err.message,
      detail: noSeats ? { code: err.code, counts: err.counts } : { code: err.code },
    });
  } catch {
    // The org may not exist (OrgNotFound) or the database may be down: the caller still gets `err`.
  }
}
