// Profile changes of an existing member (a SCIM PUT or PATCH, an admin edit): userName, email,
// names, externalId and the extra SCIM attributes. The seat is not touched here; activation goes
// through suspend/reactivate. userName stays unique per org case-insensitively (index backstop).
import type { Executor } from '../storage/transaction.js';
import { inTransaction } from '../storage/transaction.js';
import type { Member } from '../../db/schema.js';
import type { ActionContext } from '../context.js';
import { recordEvent } from '../log/provisioning-log.js';
import { InvalidInput, MemberNotFound, UserNameTaken } from '../errors.js';
import { normalizeEmail } from './email.js';
import { getMember } from './lifecycle.js';

export interface ProfileChanges {
  userName?: string;
  email?: string;
  displayName?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  externalId?: string | null;
  scimAttributes?: Record<string, unknown>;
}

export async function updateProfile(db: Executor, orgId: string, memberId: string, changes: ProfileChanges, ctx: ActionContext): Promise<Member> {
  const userName = changes.userName?.trim();
  if (changes.userName !== undefined && !userName) throw new InvalidInput('userName', 'is required');
  return inTransaction(db, async (tx) => {
    const before = await getMember(tx, orgId, memberId);
    if (before.status === 'deprovisioned') throw new MemberNotFound(memberId);
    if (userName && userName.toLowerCase() !== before.user_name.toLowerCase()) {
      const taken = await tx.selectFrom('members').select('id').where('org_id', '=', orgId).where('status', '<>', 'deprovisioned')
        .where((eb) => eb.fn('lower', ['user_name']), '=', userName.toLowerCase()).where('id', '<>', memberId).executeTakeFirst();
      if (taken) throw new UserNameTaken(userName);
    }
    const set = {
      ...(userName !== undefined ? { user_name: userName } : {}),
      ...(changes.email !== undefined ? { email: normalizeEmail(changes.email) } : {}),
      ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
      ...(changes.givenName !== undefined ? { given_name: changes.givenName } : {}),
      ...(changes.familyName !== undefined ? { family_name: changes.familyName } : {}),
      ...(changes.externalId !== undefined ? { external_id: changes.externalId } : {}),
      ...(changes.scimAttributes !== undefined ? { scim_attributes: JSON.stringify(changes.scimAttributes) } : {}),
    };
    const changed = Object.keys(set).filter((k) => {
      const old = (before as unknown as Record<string, unknown>)[k];
      const now = (set as Record<string, unknown>)[k];
      return k === 'scim_attributes' ? JSON.stringify(old) !== now : old !== now;
    });
    if (changed.length === 0) return before;
    const after = await tx.updateTable('members').set({ ...set, updated_at: ctx.clock.now() })
      .where('id', '=', memberId).where('org_id', '=', orgId).returningAll().executeTakeFirstOrThrow();
    await recordEvent(tx, ctx, { orgId, event: 'member.updated', memberId, subject: after.user_name, detail: { fields: changed } });
    return after;
  }, { userName: userName ?? '' });
}
