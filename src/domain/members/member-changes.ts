// What an admin does to an existing member: move their seat to another tier, suspend, reactivate
// or remove them. Each runs in one transaction with its log rows, and only on members whose role
// is not above the caller's (an Admin cannot remove an Owner).
import type { Member, Role, Tier } from '../../db/schema.js';
import { inTransaction, type Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import { authorizeActOn } from '../roles/permissions.js';
import { changeTier, seatCounts } from '../seats/allocator.js';
import { deprovision, getMember, reactivate, suspend } from './lifecycle.js';

export type MemberChange = { kind: 'tier'; tier: Tier } | { kind: 'suspend' } | { kind: 'reactivate' } | { kind: 'remove' };

export async function changeMember(
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
