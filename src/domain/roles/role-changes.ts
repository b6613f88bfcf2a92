// Role changes of members: an ordinary change (checked by authorizeRoleChange) and the transfer
// of the primary owner role, which demotes the current primary owner to owner and promotes the
// new one in one transaction (the deferred trigger members_primary_owner_kept checks at commit
// that exactly one remains). Every change is written to the provisioning log in that transaction.
import type { Member, Role } from '../../db/schema.js';
import { inTransaction, type Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import { recordEvent } from '../log/provisioning-log.js';
import { getMember } from '../members/lifecycle.js';
import { MemberNotActive, RoleForbidden } from '../errors.js';
import { authorize, authorizeRoleChange } from './permissions.js';
import { revokeMemberSessions } from '../sessions/sessions.js';

/** Gives a member another role (never primary_owner: that is a transfer). */
export async function changeRole(db: Executor, orgId: string, actorRole: Role, memberId: string, to: Role, ctx: ActionContext): Promise<Member> {
  return inTransaction(db, async (tx) => {
    const before = await lockMember(tx, orgId, memberId);
    if (before.status === 'deprovisioned') throw new MemberNotActive(memberId, before.status);
    authorizeRoleChange(actorRole, before.role, to);
    if (before.role === to) return before;
    const after = await setRole(tx, before, to, ctx);
    await recordEvent(tx, ctx, { orgId, event: 'member.role_changed', memberId, subject: before.user_name, detail: { from: before.role, to } });
    return after;
  });
}

/**
 * Hands the primary owner role from the caller (who must be the primary owner) to another active
 * member; the former primary owner stays an owner.
 */
export async function transferPrimaryOwner(
  db: Executor, orgId: string, actor: { role: Role; memberId: string | undefined }, toMemberId: string, ctx: ActionContext,
): Promise<{ former: Member; current: Member }> {
  authorize(actor.role, 'primary_owner.transfer');
  if (!actor.memberId) throw new RoleForbidden(actor.role, 'primary_owner.transfer');
  return inTransaction(db, async (tx) => {
    const from = await lockMember(tx, orgId, actor.memberId!);
    if (from.role !== 'primary_owner' || from.status === 'deprovisioned') throw new RoleForbidden(from.role, 'primary_owner.transfer');
    const to = await lockMember(tx, orgId, toMemberId);
    if (to.status !== 'active') throw new MemberNotActive(toMemberId, to.status);
    if (to.id === from.id) return { former: from, current: from };
    // Demote first: the unique index allows one primary owner at a time; the deferred trigger
    // only looks at commit, by which time the new one exists.
    const former = await setRole(tx, from, 'owner', ctx);
    const current = await setRole(tx, to, 'primary_owner', ctx);
    for (const [m, role] of [[from, 'owner'], [to, 'primary_owner']] as const) {
      await recordEvent(tx, ctx, { orgId, event: 'member.role_changed', memberId: m.id, subject: m.user_name, detail: { from: m.role, to: role, transfer: true } });
    }
    return { former, current };
  });
}

async function lockMember(tx: Executor, orgId: string, memberId: string): Promise<Member> {
  await getMember(tx, orgId, memberId);
  return tx.selectFrom('members').selectAll().where('id', '=', memberId).where('org_id', '=', orgId).forUpdate().executeTakeFirstOrThrow();
}

// A person demoted to member loses the console with their role: their sessions end, and their
// next sign-in lands on the employee page (OWASP: a privilege change gets a new session).
async function setRole(tx: Executor, m: Member, role: Role, ctx: ActionContext): Promise<Member> {
  if (role === 'member' && m.role !== 'member') await revokeMemberSessions(tx, m.org_id, m.id, 'role_demoted', ctx.clock.now());
  return tx.updateTable('members').set({ role, updated_at: ctx.clock.now() })
    .where('id', '=', m.id).where('org_id', '=', m.org_id).returningAll().executeTakeFirstOrThrow();
}
