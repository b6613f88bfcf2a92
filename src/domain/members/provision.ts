// The one way a person becomes a member: SCIM, SSO/JIT and invitations all call `provision`,
// naming their path in the context. The member row, its seat and the log rows commit together or
// not at all; a refusal is logged afterwards in its own transaction (there is nothing to roll
// back with it), so the org's admins see who was turned away and why.
import type { Transaction } from 'kysely';
import type { Database, Member, Role, Tier } from '../../db/schema.js';
import { inTransaction, type Executor } from '../../db/transaction.js';
import { seatCounts, pickTier } from '../seats/allocator.js';
import { recordEvent } from '../log/provisioning-log.js';
import type { ActionContext } from '../context.js';
import { DomainError, InvalidInput, NoSeatsAvailable, UserNameTaken } from '../errors.js';
import { normalizeEmail } from './email.js';

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
  try {
    return await inTransaction(db, async (tx) => {
      const member = await createMember(tx, input, ctx);
      await options.inTransaction?.(tx, member);
      return member;
    }, { userName: input.userName, counts: () => seatCounts(db, input.orgId) });
  } catch (err) {
    if (err instanceof DomainError && !db.isTransaction) await logRefusal(db, input, ctx, err);
    throw err;
  }
}

/** The body of `provision`, for callers that already hold a transaction (organization set-up). */
export async function createMember(tx: Executor, input: NewMemberInput, ctx: ActionContext): Promise<Member> {
  const userName = input.userName.trim();
  if (!userName) throw new InvalidInput('userName', 'is required');
  const email = normalizeEmail(input.email);
  const taken = await tx.selectFrom('members').select('id')
    .where('org_id', '=', input.orgId).where('status', '<>', 'deprovisioned')
    .where((eb) => eb.fn('lower', ['user_name']), '=', userName.toLowerCase()).executeTakeFirst();
  if (taken) throw new UserNameTaken(userName);
  const tier: Tier = await pickTier(tx, input.orgId);
  const now = ctx.clock.now();
  const member = await tx.insertInto('members').values({
    org_id: input.orgId,
    user_name: userName,
    email,
    display_name: input.displayName ?? null,
    given_name: input.givenName ?? null,
    family_name: input.familyName ?? null,
    role: input.role ?? 'member',
    status: 'active',
    seat_tier: tier,
    external_id: input.externalId ?? null,
    ...(input.scimAttributes ? { scim_attributes: JSON.stringify(input.scimAttributes) } : {}),
    created_via: ctx.method,
    created_at: now,
    updated_at: now,
  }).returningAll().executeTakeFirstOrThrow();
  await recordEvent(tx, ctx, { orgId: input.orgId, event: 'member.created', memberId: member.id, subject: userName, detail: { role: member.role } });
  await recordEvent(tx, ctx, { orgId: input.orgId, event: 'seat.claimed', memberId: member.id, subject: userName, tier });
  return member;
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
