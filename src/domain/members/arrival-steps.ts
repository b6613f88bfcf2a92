// The steps an arrival path adds to the claim, each run inside the arrival's transaction once the
// member row exists (or, for a suspended SCIM create, instead of the claim). Named here rather than
// passed in by an edge, so that every path reads as a list: claim, then these.
import type { Member } from '../../db/schema.js';
import type { Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import { recordEvent } from '../log/provisioning-log.js';
import { InviteAlreadyAccepted, InviteExpired, InviteRevoked } from '../errors.js';
import type { CheckedMemberInput } from './new-member.js';
import type { SsoIdentity } from './sso-identity.js';

/**
 * SCIM create with `active: false`: the member exists, suspended, holding no seat — so it works
 * when every seat is taken, and the IdP's later `active: true` claims one (or is refused then).
 */
export async function createSuspended(tx: Executor, p: CheckedMemberInput, ctx: ActionContext): Promise<Member> {
  const now = ctx.clock.now();
  const member = await tx.insertInto('members').values({
    org_id: p.orgId, user_name: p.userName, email: p.email, display_name: p.displayName ?? null, given_name: p.givenName ?? null,
    family_name: p.familyName ?? null, role: p.role, status: 'suspended', seat_tier: null, external_id: p.externalId ?? null,
    scim_attributes: JSON.stringify(p.scimAttributes ?? {}), created_via: ctx.method, created_at: now, updated_at: now,
  }).returningAll().executeTakeFirstOrThrow();
  await recordEvent(tx, ctx, { orgId: p.orgId, event: 'member.created', memberId: member.id, subject: member.user_name, detail: { role: p.role } });
  await recordEvent(tx, ctx, { orgId: p.orgId, event: 'member.suspended', memberId: member.id, subject: member.user_name, reason: 'created with active=false' });
  return member;
}

/** SCIM: attributes the User schema does not have are not stored; the log says which. */
export async function logIgnoredAttributes(tx: Executor, m: Member, ignored: readonly string[], ctx: ActionContext): Promise<void> {
  if (ignored.length === 0) return;
  await recordEvent(tx, ctx, {
    orgId: m.org_id, event: 'member.attributes_ignored', memberId: m.id, subject: m.user_name,
    reason: 'The body named attributes the User schema does not have; they were not stored.', detail: { attributes: [...ignored] },
  });
}

/**
 * JIT: the IdP identity (connection, subject) now names this member; the sign-in is logged with
 * `detail` (null: no sign-in happened, as when a queued JIT request is seated later).
 */
export async function linkIdentity(tx: Executor, who: SsoIdentity, m: Member, ctx: ActionContext, detail: Record<string, unknown> | null = { firstSignIn: true }): Promise<void> {
  await tx.insertInto('member_sso_identities').values({ connection_id: who.connection.id, subject: who.subject, org_id: who.orgId, member_id: m.id }).execute();
  if (detail) await recordEvent(tx, ctx, { orgId: who.orgId, event: 'sso.signed_in', memberId: m.id, subject: m.user_name, tier: m.seat_tier, detail });
}

/**
 * Invitation: marked accepted by this member, only while still pending and unexpired — a
 * concurrent accept, revocation or re-send since it was opened refuses the whole arrival.
 */
export async function acceptInvitationStep(tx: Executor, invitationId: string, m: Member, ctx: ActionContext): Promise<void> {
  const now = ctx.clock.now();
  const done = await tx.updateTable('invitations').set({ status: 'accepted', accepted_at: now, member_id: m.id })
    .where('id', '=', invitationId).where('status', '=', 'pending').where('expires_at', '>', now).executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) {
    const inv = await tx.selectFrom('invitations').select(['status', 'replaced_by', 'expires_at']).where('id', '=', invitationId).executeTakeFirstOrThrow();
    if (inv.status === 'accepted') throw new InviteAlreadyAccepted();
    if (inv.status === 'revoked') throw new InviteRevoked(inv.replaced_by !== null);
    throw new InviteExpired(inv.expires_at);
  }
  await recordEvent(tx, ctx, { orgId: m.org_id, event: 'invitation.accepted', memberId: m.id, subject: m.user_name, detail: { invitationId } });
}
