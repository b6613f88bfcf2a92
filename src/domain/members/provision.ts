// The one way a person becomes a member. Every path describes its arrival as a value — SCIM, a
// first SSO sign-in (JIT), an accepted invitation, the operator adding an Owner — and `provision`
// runs the same pipeline for all: the allocator claims the seat (src/domain/seats/allocator.ts),
// the path's named steps (arrival-steps.ts) run in the same transaction, and a refusal is written
// once, by the one refusal writer (refusals.ts), which also queues a seat request when the refusal
// was for lack of a seat. An arrival without steps is the allocator's single statement.
import type { Member } from '../../db/schema.js';
import { asOneStatement, inTransaction, type Executor } from '../storage/transaction.js';
import { claimNewMember, HIGHEST, seatCounts, type TierPreference } from '../seats/allocator.js';
import type { ActionContext } from '../context.js';
import { DomainError, InviteInvalid, SsoIdentityConflict, UserNameTaken } from '../errors.js';
import { checkNewMember, type CheckedMemberInput, type NewMemberInput } from './new-member.js';
import type { SsoIdentity } from './sso-identity.js';
import { acceptInvitationStep, createSuspended, linkIdentity, logIgnoredAttributes } from './arrival-steps.js';
import { recordRefusal, type RefusedArrival } from './refusals.js';
import { normalizeEmail } from './email.js';

export type { NewMemberInput } from './new-member.js';

export type Arrival =
  /** A SCIM POST /Users. `active: false` creates a suspended member without a seat. */
  | { path: 'scim'; fields: NewMemberInput; active: boolean; ignoredAttributes?: readonly string[]; preference?: TierPreference }
  /** A first SSO sign-in with JIT: the member is created and the identity linked. */
  | { path: 'jit'; identity: SsoIdentity; groups: readonly string[]; preference?: TierPreference }
  /** An invitation accepted: the member gets the invited role and tier, the invitation is marked. */
  | { path: 'invite'; invitationId: string }
  /** The operator adds an Owner from the command line (`seatgate owner add`). */
  | { path: 'operator'; person: NewMemberInput };

export type ArrivalPath = Arrival['path'];

/** Creates the member the arrival describes, or throws (the refusal is logged, and queued if for lack of a seat). */
export async function provision(db: Executor, arrival: Arrival, ctx: ActionContext): Promise<Member> {
  const plan = await planOf(db, arrival);
  try {
    const person = checkNewMember(plan.person);
    const constraints = { userName: person.userName, counts: () => seatCounts(db, person.orgId) };
    if (!plan.hasSteps) return await asOneStatement(() => claimNewMember(db, person, ctx, plan.preference), constraints);
    return await inTransaction(db, (tx) => admit(tx, arrival, person, plan.preference, ctx), constraints);
  } catch (err) {
    if (err instanceof DomainError && !db.isTransaction && !isJitRace(arrival, err)) {
      await recordRefusal(db, refusedArrival(arrival, plan), ctx, err);
    }
    throw err;
  }
}

/** The claim and the path's steps, inside one transaction. */
async function admit(tx: Executor, arrival: Arrival, person: CheckedMemberInput, preference: TierPreference, ctx: ActionContext): Promise<Member> {
  if (arrival.path === 'scim' && !arrival.active) {
    const member = await createSuspended(tx, person, ctx);
    await logIgnoredAttributes(tx, member, arrival.ignoredAttributes ?? [], ctx);
    return member;
  }
  const member = await claimNewMember(tx, person, ctx, preference);
  switch (arrival.path) {
    case 'scim': await logIgnoredAttributes(tx, member, arrival.ignoredAttributes ?? [], ctx); break;
    case 'jit': await linkIdentity(tx, arrival.identity, member, ctx); break;
    case 'invite': await acceptInvitationStep(tx, arrival.invitationId, member, ctx); break;
    case 'operator': break;
  }
  return member;
}

interface Plan { person: NewMemberInput; preference: TierPreference; hasSteps: boolean }

async function planOf(db: Executor, arrival: Arrival): Promise<Plan> {
  switch (arrival.path) {
    case 'scim': return {
      person: arrival.fields, preference: arrival.preference ?? HIGHEST,
      hasSteps: !arrival.active || (arrival.ignoredAttributes?.length ?? 0) > 0,
    };
    case 'jit': return { person: jitPerson(arrival.identity), preference: arrival.preference ?? HIGHEST, hasSteps: true };
    case 'operator': return { person: arrival.person, preference: HIGHEST, hasSteps: false };
    case 'invite': {
      const inv = await db.selectFrom('invitations').selectAll().where('id', '=', arrival.invitationId).executeTakeFirst();
      if (!inv) throw new InviteInvalid();
      return {
        person: { orgId: inv.org_id, userName: inv.email, email: inv.email, role: inv.role },
        preference: inv.seat_tier ? { tier: inv.seat_tier, fallback: 'none' } : HIGHEST,
        hasSteps: true,
      };
    }
  }
}

export function jitPerson(who: SsoIdentity): NewMemberInput {
  const email = normalizeEmail(who.email);
  return {
    orgId: who.orgId, userName: email, email, role: 'member',
    displayName: who.displayName ?? null, givenName: who.givenName ?? null, familyName: who.familyName ?? null,
  };
}

/** What the refusal writer needs to log the refusal and, for lack of a seat, to seat the person later. */
function refusedArrival(arrival: Arrival, plan: Plan): RefusedArrival {
  const base = { orgId: plan.person.orgId, subject: plan.person.userName, wanted: plan.preference.tier };
  switch (arrival.path) {
    case 'scim': return { ...base, path: 'scim', payload: { fields: arrival.fields } };
    case 'jit': return {
      ...base, path: 'jit', payload: { identity: arrival.identity, groups: arrival.groups }, detail: { subject: arrival.identity.subject },
    };
    case 'invite': return { ...base, path: 'invite', payload: { invitationId: arrival.invitationId } };
    case 'operator': return { ...base, path: 'operator', payload: null };
  }
}

/**
 * Two first sign-ins of one person raced and this one lost: `signIn` retries and finds the
 * winner's member, so this is no refusal (and is not logged as one).
 */
function isJitRace(arrival: Arrival, err: DomainError): boolean {
  return arrival.path === 'jit' && (err instanceof UserNameTaken || (err instanceof SsoIdentityConflict && err.race));
}
