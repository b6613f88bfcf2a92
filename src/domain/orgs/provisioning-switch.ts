// The organization's provisioning switches: whether people may arrive by invitation (manual), by
// first sign-in (JIT) and through SCIM. Turning one off stops new arrivals that way at once
// (invitations refuse PROVISIONING_DISABLED, JIT sign-ins JIT_DISABLED, SCIM requests 403) and
// touches nobody who is already a member. Each change is logged with what it was and became.
import type { Executor } from '../storage/transaction.js';
import { inTransaction } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import { OrgNotFound } from '../errors.js';
import { recordEvent } from '../log/provisioning-log.js';

export interface ProvisioningSwitches { manual: boolean; jit: boolean; scim: boolean }

export async function setProvisioning(db: Executor, orgId: string, change: Partial<ProvisioningSwitches>, ctx: ActionContext): Promise<ProvisioningSwitches> {
  return inTransaction(db, async (tx) => {
    const before = await tx.selectFrom('organizations').select(['manual_enabled', 'jit_enabled', 'scim_enabled'])
      .where('id', '=', orgId).forUpdate().executeTakeFirstOrThrow(() => new OrgNotFound(orgId));
    const from: ProvisioningSwitches = { manual: before.manual_enabled, jit: before.jit_enabled, scim: before.scim_enabled };
    const to: ProvisioningSwitches = { manual: change.manual ?? from.manual, jit: change.jit ?? from.jit, scim: change.scim ?? from.scim };
    if (to.manual === from.manual && to.jit === from.jit && to.scim === from.scim) return from;
    await tx.updateTable('organizations').set({ manual_enabled: to.manual, jit_enabled: to.jit, scim_enabled: to.scim }).where('id', '=', orgId).execute();
    await recordEvent(tx, ctx, { orgId, event: 'org.provisioning_changed', detail: { from, to } });
    return to;
  });
}
