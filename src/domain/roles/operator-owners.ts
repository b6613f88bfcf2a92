// How the operator of a deployment gives an organization an Owner from the command line — for an
// organization created without one, or whose Owners have all left. The person must be on one of
// the organization's verified domains. Someone who is not a member yet arrives like everyone else,
// through `provision` (a seat from the allocator, the arrival and any refusal in the provisioning
// log); an active member is promoted, in one transaction with its log row. When the organization
// has no primary owner, the person becomes it (the unique index members_one_primary_owner keeps
// it to one even when two operators race); otherwise they become an Owner.
import type { Member, Role } from '../../db/schema.js';
import { inTransaction, type Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import { recordEvent } from '../log/provisioning-log.js';
import { EmailDomainNotVerified, MemberNotActive } from '../errors.js';
import { emailDomain, normalizeEmail } from '../members/email.js';
import { provision } from '../members/provision.js';
import { verifiedDomains } from '../orgs/domains.js';

export interface AddedOwner {
  member: Member;
  /** What happened: a new member, a member given the role, or nothing (already that Owner). */
  change: 'created' | 'promoted' | 'unchanged';
}

export async function addOwner(db: Executor, orgId: string, rawEmail: string, ctx: ActionContext): Promise<AddedOwner> {
  const email = normalizeEmail(rawEmail);
  if (!(await verifiedDomains(db, orgId)).includes(emailDomain(email))) throw new EmailDomainNotVerified(email);
  const role: Role = (await hasPrimaryOwner(db, orgId)) ? 'owner' : 'primary_owner';
  const existing = await memberWithEmail(db, orgId, email);
  if (!existing) {
    return { member: await provision(db, { path: 'operator', person: { orgId, userName: email, email, role } }, ctx), change: 'created' };
  }
  return inTransaction(db, async (tx) => {
    const m = await tx.selectFrom('members').selectAll().where('id', '=', existing.id).forUpdate().executeTakeFirstOrThrow();
    if (m.status !== 'active') throw new MemberNotActive(m.id, m.status);
    if (m.role === 'primary_owner' || (m.role === 'owner' && role === 'owner')) return { member: m, change: 'unchanged' as const };
    const member = await tx.updateTable('members').set({ role, updated_at: ctx.clock.now() })
      .where('id', '=', m.id).returningAll().executeTakeFirstOrThrow();
    await recordEvent(tx, ctx, { orgId, event: 'member.role_changed', memberId: m.id, subject: m.user_name, detail: { from: m.role, to: role, byOperator: true } });
    return { member, change: 'promoted' as const };
  });
}

async function hasPrimaryOwner(db: Executor, orgId: string): Promise<boolean> {
  return !!(await db.selectFrom('members').select('id').where('org_id', '=', orgId)
    .where('role', '=', 'primary_owner').where('status', '<>', 'deprovisioned').executeTakeFirst());
}

/** The member (not removed) whose email or userName is this address, the active one first. */
async function memberWithEmail(db: Executor, orgId: string, email: string): Promise<Member | undefined> {
  const rows = await db.selectFrom('members').selectAll().where('org_id', '=', orgId).where('status', '<>', 'deprovisioned')
    .where((eb) => eb.or([eb(eb.fn('lower', ['email']), '=', email.toLowerCase()), eb(eb.fn('lower', ['user_name']), '=', email.toLowerCase())]))
    .execute();
  return rows.find((m) => m.status === 'active') ?? rows[0];
}
