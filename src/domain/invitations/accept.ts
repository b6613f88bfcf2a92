// Opening and accepting an invitation link. Opening only reads. Accepting goes through
// `provision` (method 'manual', the invitation as actor) and, in the same transaction, moves the
// seat to the invited tier when one was named and marks the invitation accepted; if anything
// fails — no seat left, link expired or revoked meanwhile — nothing is created.
import type { Invitation, Member, Organization } from '../../db/schema.js';
import type { Executor } from '../storage/transaction.js';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import type { ActionContext } from '../context.js';
import { recordEvent } from '../log/provisioning-log.js';
import { provision } from '../members/provision.js';
import { getOrg } from '../orgs/orgs.js';
import { changeTier, poolOf } from '../seats/allocator.js';
import { InviteAlreadyAccepted, InviteExpired, InviteInvalid, InviteRevoked, NoSeatsAvailable } from '../errors.js';
import { readInviteToken, secretMatches } from './invite-token.js';
import { inviteSigningKey } from './signing-key.js';
import { checkInvitable } from './invitations.js';

export interface AcceptDeps { db: Executor; clock: Clock; secret: string | undefined }

export interface OpenedInvitation { invitation: Invitation; org: Organization }

/** The pending invitation a link names, or the reason it cannot be used. Writes nothing. */
export async function openInvitation(deps: AcceptDeps, token: string): Promise<OpenedInvitation> {
  const now = deps.clock.now();
  const key = await inviteSigningKey(deps.db, deps.secret, deps.clock);
  const { invitationId, secretHash } = await readInviteToken(key, token, now);
  const invitation = await deps.db.selectFrom('invitations').selectAll().where('id', '=', invitationId).executeTakeFirst();
  if (!invitation || !secretMatches(invitation.secret_hash, secretHash)) throw new InviteInvalid();
  if (invitation.status === 'accepted') throw new InviteAlreadyAccepted();
  if (invitation.status === 'revoked') throw new InviteRevoked(invitation.replaced_by !== null);
  if (invitation.status === 'expired' || invitation.expires_at.getTime() <= now.getTime()) throw new InviteExpired(invitation.expires_at);
  return { invitation, org: await getOrg(deps.db, invitation.org_id) };
}

export async function acceptInvitation(deps: AcceptDeps, token: string, requestId: string | null): Promise<{ member: Member; org: Organization }> {
  const { invitation: inv, org } = await openInvitation(deps, token);
  // Seats are re-checked by the allocator inside provision (which logs a refusal as seat.rejected).
  await checkInvitable(deps.db, inv.org_id, inv.email, null).catch((err) => { if (err?.code !== 'SEATS_EXHAUSTED') throw err; });
  const ctx: ActionContext = {
    method: 'manual', clock: deps.clock, requestId,
    actor: { type: 'invitation', id: inv.id, label: `invitation of ${inv.email}${inv.invited_by_label ? ` by ${inv.invited_by_label}` : ''}` },
  };
  const member = await provision(deps.db, { orgId: inv.org_id, userName: inv.email, email: inv.email, role: inv.role }, ctx, {
    inTransaction: async (tx, created) => {
      if (inv.seat_tier && created.seat_tier !== inv.seat_tier) await moveToInvitedTier(tx, inv, created, ctx);
      const now = deps.clock.now();
      const done = await tx.updateTable('invitations').set({ status: 'accepted', accepted_at: now, member_id: created.id })
        .where('id', '=', inv.id).where('status', '=', 'pending').where('expires_at', '>', now).executeTakeFirst();
      // Accepted, revoked or re-sent by a concurrent request since we opened it.
      if (Number(done.numUpdatedRows) !== 1) {
        const now2 = await tx.selectFrom('invitations').select(['status', 'replaced_by']).where('id', '=', inv.id).executeTakeFirstOrThrow();
        if (now2.status === 'accepted') throw new InviteAlreadyAccepted();
        if (now2.status === 'revoked') throw new InviteRevoked(now2.replaced_by !== null);
        throw new InviteExpired(inv.expires_at);
      }
      await recordEvent(tx, ctx, { orgId: inv.org_id, event: 'invitation.accepted', memberId: created.id, subject: inv.email, detail: { invitationId: inv.id } });
    },
  });
  return { member: await deps.db.selectFrom('members').selectAll().where('id', '=', member.id).executeTakeFirstOrThrow(), org };
}

/**
 * The member was just created on the best free tier; the invitation names another. When that
 * tier is full, the refusal reports the counts without the seat this transaction took (and will
 * give back), so the page and the log say what an admin will actually see.
 */
async function moveToInvitedTier(tx: Transaction<Database>, inv: Invitation, created: Member, ctx: ActionContext): Promise<void> {
  try {
    await changeTier(tx, inv.org_id, created.id, inv.seat_tier!, ctx);
  } catch (err) {
    if (!(err instanceof NoSeatsAvailable) || !created.seat_tier) throw err;
    const own = poolOf(err.counts, created.seat_tier);
    const counts = { ...err.counts, [created.seat_tier]: { ...own, claimed: own.claimed - 1 } };
    throw new NoSeatsAvailable(counts, err.tier);
  }
}
