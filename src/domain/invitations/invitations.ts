// Invitations, as an admin sees them: create (mail a link), resend (a new link; the old one dies),
// revoke, list. A pending invitation does NOT reserve a seat (docs/invitations.md says why); it is
// refused when no seat is free at the time of inviting, and accepting re-checks.
import { randomUUID } from 'node:crypto';
import type { Invitation, Role, Tier } from '../../db/schema.js';
import { inTransaction, type Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import type { Clock } from '../clock.js';
import type { Mailer, MailReceipt } from '../mail/mailer.js';
import { recordEvent } from '../log/provisioning-log.js';
import { authorize, authorizeRoleChange } from '../roles/permissions.js';
import { emailDomain, normalizeEmail } from '../members/email.js';
import { verifiedDomains } from '../orgs/domains.js';
import { getOrg } from '../orgs/orgs.js';
import { bestTierWithRoom, poolOf, seatCounts } from '../seats/allocator.js';
import { DomainNotVerified, ProvisioningDisabled, InvitationAlreadyPending, InvitationNotFound, InvitationNotPending, NoSeatsAvailable, UserNameTaken } from '../errors.js';
import { isUuid } from '../ids.js';
import { issueInviteToken } from './invite-token.js';
import { inviteSigningKey } from './signing-key.js';
import { invitationMail } from './invitation-mail.js';
import { effectiveStatus, toInfo, type InvitationInfo } from './invitation-info.js';

export interface InvitationDeps { db: Executor; clock: Clock; mailer: Mailer; publicUrl: string; ttlDays: number; secret: string | undefined }

export interface InviteInput { email: string; role: 'owner' | 'admin' | 'member'; seatTier?: Tier | null }

export interface SentInvitation { invitation: InvitationInfo; link: string; mail: { sent: true; receipt: MailReceipt } | { sent: false; error: string } }

const DAY_MS = 86_400_000;

export async function invite(deps: InvitationDeps, orgId: string, actorRole: Role, input: InviteInput, ctx: ActionContext): Promise<SentInvitation> {
  authorize(actorRole, 'members.invite');
  authorizeRoleChange(actorRole, 'member', input.role);
  const email = normalizeEmail(input.email);
  await checkInvitable(deps.db, orgId, email, input.seatTier ?? null);
  const id = randomUUID();
  const key = await inviteSigningKey(deps.db, deps.secret, deps.clock);
  const { row, token } = await inTransaction(deps.db, async (tx) => {
    await expireStale(tx, orgId, deps.clock.now(), email);
    const pending = await tx.selectFrom('invitations').select('id').where('org_id', '=', orgId).where('status', '=', 'pending')
      .where((eb) => eb.fn('lower', ['email']), '=', email.toLowerCase()).executeTakeFirst();
    if (pending) throw new InvitationAlreadyPending(email, pending.id);
    const made = await insertInvitation(tx, deps.clock, key, { id, orgId, email, role: input.role, tier: input.seatTier ?? null, ttlDays: deps.ttlDays }, ctx);
    await recordEvent(tx, ctx, { orgId, event: 'invitation.created', subject: email, tier: input.seatTier ?? null, detail: { invitationId: id, role: input.role, expiresAt: made.row.expires_at.toISOString() } });
    return made;
  }, { userName: email });
  return mailIt(deps, row, token, ctx);
}

/** A new link for a pending or expired invitation; the previous link stops working at once. */
export async function resend(deps: InvitationDeps, orgId: string, invitationId: string, ctx: ActionContext): Promise<SentInvitation> {
  const old = await getInvitation(deps.db, orgId, invitationId);
  const status = effectiveStatus(old, deps.clock.now());
  if (status !== 'pending' && status !== 'expired') throw new InvitationNotPending(invitationId, status);
  await checkInvitable(deps.db, orgId, old.email, old.seat_tier);
  const id = randomUUID();
  const key = await inviteSigningKey(deps.db, deps.secret, deps.clock);
  const { row, token } = await inTransaction(deps.db, async (tx) => {
    const killed = await tx.updateTable('invitations').set({ status: 'revoked', revoked_at: deps.clock.now() })
      .where('id', '=', old.id).where('status', 'in', ['pending', 'expired']).executeTakeFirst();
    if (Number(killed.numUpdatedRows) !== 1) throw new InvitationNotPending(invitationId, 'no longer pending');
    const made = await insertInvitation(tx, deps.clock, key, { id, orgId, email: old.email, role: old.role, tier: old.seat_tier, ttlDays: deps.ttlDays }, ctx);
    await tx.updateTable('invitations').set({ replaced_by: id }).where('id', '=', old.id).execute();
    await recordEvent(tx, ctx, { orgId, event: 'invitation.resent', subject: old.email, tier: old.seat_tier, detail: { invitationId: id, replaces: old.id } });
    return made;
  });
  return mailIt(deps, row, token, ctx);
}

export async function revoke(db: Executor, orgId: string, invitationId: string, ctx: ActionContext): Promise<InvitationInfo> {
  return inTransaction(db, async (tx) => {
    const inv = await getInvitation(tx, orgId, invitationId);
    const row = await tx.updateTable('invitations').set({ status: 'revoked', revoked_at: ctx.clock.now() })
      .where('id', '=', inv.id).where('status', '=', 'pending').returningAll().executeTakeFirst();
    if (!row) throw new InvitationNotPending(invitationId, effectiveStatus(inv, ctx.clock.now()));
    await recordEvent(tx, ctx, { orgId, event: 'invitation.revoked', subject: inv.email, detail: { invitationId } });
    return toInfo(row, ctx.clock.now());
  });
}

export async function listInvitations(db: Executor, orgId: string, now: Date, status?: Invitation['status']): Promise<InvitationInfo[]> {
  await expireStale(db, orgId, now);
  let q = db.selectFrom('invitations').selectAll().where('org_id', '=', orgId);
  if (status) q = q.where('status', '=', status);
  const rows = await q.orderBy('created_at', 'desc').limit(1000).execute();
  return rows.map((r) => toInfo(r, now));
}

export async function getInvitation(db: Executor, orgId: string, id: string): Promise<Invitation> {
  const row = isUuid(id) ? await db.selectFrom('invitations').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst() : undefined;
  if (!row) throw new InvitationNotFound(id);
  return row;
}

/** The checks both inviting and accepting make: invitations are on, the domain is verified, the person is not yet a member, a seat is free. */
export async function checkInvitable(db: Executor, orgId: string, email: string, tier: Tier | null): Promise<void> {
  if (!(await getOrg(db, orgId)).manual_enabled) throw new ProvisioningDisabled('manual (invitation)');
  const domain = emailDomain(email);
  if (!(await verifiedDomains(db, orgId)).includes(domain)) throw new DomainNotVerified(domain);
  const member = await db.selectFrom('members').select('id').where('org_id', '=', orgId).where('status', '<>', 'deprovisioned')
    .where((eb) => eb.fn('lower', ['user_name']), '=', email.toLowerCase()).executeTakeFirst();
  if (member) throw new UserNameTaken(email);
  const counts = await seatCounts(db, orgId);
  if (tier) { if (poolOf(counts, tier).claimed >= poolOf(counts, tier).purchased) throw new NoSeatsAvailable(counts, tier); } else bestTierWithRoom(counts);
}

/** Pending invitations past their expiry become `expired` (status kept true for lists and the unique index). */
async function expireStale(db: Executor, orgId: string, now: Date, email?: string): Promise<void> {
  let q = db.updateTable('invitations').set({ status: 'expired' }).where('org_id', '=', orgId).where('status', '=', 'pending').where('expires_at', '<=', now);
  if (email) q = q.where((eb) => eb.fn('lower', ['email']), '=', email.toLowerCase());
  await q.execute();
}

// The signing key is read before the transaction: PGlite has a single connection.
async function insertInvitation(tx: Executor, clock: Clock, key: Uint8Array, i: { id: string; orgId: string; email: string; role: InviteInput['role']; tier: Tier | null; ttlDays: number }, ctx: ActionContext) {
  const ttlDays = i.ttlDays;
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + ttlDays * DAY_MS);
  const { token, secretHash } = await issueInviteToken(key, i.id, now, expiresAt);
  const row = await tx.insertInto('invitations').values({
    id: i.id, org_id: i.orgId, email: i.email, role: i.role, seat_tier: i.tier, status: 'pending', secret_hash: secretHash,
    invited_by_type: ctx.actor.type, invited_by_id: ctx.actor.id ?? null, invited_by_label: ctx.actor.label ?? null,
    created_at: now, expires_at: expiresAt,
  }).returningAll().executeTakeFirstOrThrow();
  return { row, token };
}

async function mailIt(deps: InvitationDeps, row: Invitation, token: string, ctx: ActionContext): Promise<SentInvitation> {
  const link = `${deps.publicUrl}/invite/${token}`;
  const org = await getOrg(deps.db, row.org_id);
  const message = invitationMail({ to: row.email, orgName: org.name, invitedBy: ctx.actor.type === 'member' ? ctx.actor.label ?? null : null, link, expiresAt: row.expires_at, role: row.role });
  const invitation = toInfo(row, deps.clock.now());
  try {
    return { invitation, link, mail: { sent: true, receipt: await deps.mailer.send(message) } };
  } catch (err) {
    // The invitation stands; the admin sees the failure and can resend once mail works.
    return { invitation, link, mail: { sent: false, error: err instanceof Error ? err.message : String(err) } };
  }
}
