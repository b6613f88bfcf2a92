// Opening and accepting an invitation link. Opening only reads. Accepting is an invite arrival
// through `provision` (method 'manual', the invitation as actor): the allocator claims a seat of
// the invited tier when one was named (no fallback), and the invitation is marked accepted in the
// same transaction; if anything fails — no seat left, link expired or revoked meanwhile — nothing
// is created.
import type { Invitation, Member, Organization } from '../../db/schema.js';
import type { Executor } from '../storage/transaction.js';
import type { Clock } from '../clock.js';
import type { ActionContext } from '../context.js';
import { provision } from '../members/provision.js';
import { getOrg } from '../orgs/orgs.js';
import { InviteAlreadyAccepted, InviteExpired, InviteInvalid, InviteRevoked } from '../errors.js';
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
  // Seats are re-checked by the allocator inside provision (whose refusal writer logs and queues it).
  await checkInvitable(deps.db, inv.org_id, inv.email, null).catch((err) => { if (err?.code !== 'SEATS_EXHAUSTED') throw err; });
  const ctx: ActionContext = {
    method: 'manual', clock: deps.clock, requestId,
    actor: { type: 'invitation', id: inv.id, label: `invitation of ${inv.email}${inv.invited_by_label ? ` by ${inv.invited_by_label}` : ''}` },
  };
  const member = await provision(deps.db, { path: 'invite', invitationId: inv.id }, ctx);
  return { member: await deps.db.selectFrom('members').selectAll().where('id', '=', member.id).executeTakeFirstOrThrow(), org };
}
