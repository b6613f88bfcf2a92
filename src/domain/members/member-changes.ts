// What an admin does to an existing member: move their seat to another tier, suspend, reactivate
// or remove them. Each runs in one transaction with its log rows, and only on members whose role
// is not above the caller's (an Admin cannot remove an Owner). A tier move refused for lack of a
// seat is written by the one refusal writer and queued: the member moves when a seat frees up.
import type { Member, Role, Tier } from '../../db/schema.js';
import { inTransaction, type Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import { authorizeActOn } from '../roles/permissions.js';
import { changeTier, seatCounts } from '../seats/allocator.js';
import { deprovision, getMember, reactivate, suspend } from './lifecycle.js';
import { NoSeatsAvailable } from '../errors.js';
import { recordRefusal } from './refusals.js';

export type MemberChange = { kind: 'tier'; tier: Tier } | { kind: 'suspend' } | { kind: 'reactivate' } | { kind: 'remove' };

export async function changeMember(
  db: Executor, orgId: string, actorRole: Role, memberId: string, change: MemberChange, ctx: ActionContext,
): Promise<Member> {
  try {
    return await applyChange(db, orgId, actorRole, memberId, change, ctx);
  } catch (err) {
    if (err instanceof NoSeatsAvailable && change.kind === 'tier' && !db.isTransaction) {
      const m = await getMember(db, orgId, memberId);
      await recordRefusal(db, { orgId, subject: m.user_name, memberId, path: 'tier_change', wanted: change.tier, payload: { memberId, tier: change.tier } }, ctx, err);
    }
    throw err;
  }
}

async function applyChange(
  db: Executor, orgId: string, actorRole: Role, memberId: string, change: MemberChange, ctx: ActionContext,
): Promise<Member> {
  return inTransaction(db, async (tx) => {
    const before = await getMember(tx, orgId, memberId);
    authorizeActOn(actorRole, before.role, 'members.manage');
    switch (change.kind) {
      case 'tier': await changeTier(tx, orgId, memberId, change.tier, ctx); break;
      case 'suspend': await suspend(tx, orgId, memberId, ctx, 'suspended by an admin'); break;
      case 'reactivate': await reactivate(tx, orgId, memberId, ctx); break;
      case 'remove': await deprovision(tx, orgId, memberId, ctx, 'removed by an admin'); break;
    }
    return getMember(tx, orgId, memberId);
  }, { counts: () => seatCounts(db, orgId) });
}
