// Suspend, reactivate and deprovision: each moves the seat through the allocator and writes the
// member event beside the seat event, in the caller's transaction. A freed seat goes to the
// oldest waiting seat request at once (src/domain/seat-requests/serve.ts), in that transaction.
import type { Executor } from '../storage/transaction.js';
import type { Member, Tier } from '../../db/schema.js';
import { claim, release } from '../seats/allocator.js';
import { recordEvent } from '../log/provisioning-log.js';
import type { ActionContext } from '../context.js';
import { MemberNotFound } from '../errors.js';
import { isUuid } from '../ids.js';
import { serveSeatRequests } from '../seat-requests/serve.js';

export async function suspend(tx: Executor, orgId: string, memberId: string, ctx: ActionContext, reason?: string): Promise<void> {
  const before = await getMember(tx, orgId, memberId);
  if (before.status !== 'active') return;
  await release(tx, orgId, memberId, 'suspended', ctx);
  await recordEvent(tx, ctx, { orgId, event: 'member.suspended', memberId, subject: before.user_name, reason: reason ?? null });
  await serveSeatRequests(tx, orgId, ctx);
}

/** Gives a suspended member a seat again; throws NoSeatsAvailable and changes nothing when none is left. */
export async function reactivate(tx: Executor, orgId: string, memberId: string, ctx: ActionContext): Promise<Tier> {
  const before = await getMember(tx, orgId, memberId);
  const tier = await claim(tx, orgId, memberId, ctx);
  if (before.status !== 'active') {
    await recordEvent(tx, ctx, { orgId, event: 'member.reactivated', memberId, subject: before.user_name, tier });
  }
  return tier;
}

/** Removes a member for good: the seat returns to the pool and the userName becomes free again. */
export async function deprovision(tx: Executor, orgId: string, memberId: string, ctx: ActionContext, reason?: string): Promise<void> {
  const before = await getMember(tx, orgId, memberId);
  if (before.status === 'deprovisioned') return;
  await release(tx, orgId, memberId, 'deprovisioned', ctx);
  await recordEvent(tx, ctx, { orgId, event: 'member.deprovisioned', memberId, subject: before.user_name, reason: reason ?? null });
  await serveSeatRequests(tx, orgId, ctx);
}

export async function getMember(db: Executor, orgId: string, memberId: string): Promise<Member> {
  if (!isUuid(memberId)) throw new MemberNotFound(memberId);
  const member = await db.selectFrom('members').selectAll()
    .where('id', '=', memberId).where('org_id', '=', orgId).executeTakeFirst();
  if (!member) throw new MemberNotFound(memberId);
  return member;
}
