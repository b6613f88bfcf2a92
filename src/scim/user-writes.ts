// SCIM User mutations, each one transaction through the domain: create is a SCIM arrival through
// `provision` (member, seat and log rows commit together; `active: false` creates a suspended
// member without a seat); PUT and PATCH update the profile and move the seat with
// suspend/reactivate when `active` changes (a reactivation without a free seat rolls the whole
// request back, leaving the user inactive, and is logged and queued by the refusal writer);
// DELETE deprovisions and frees the seat.
import type { Kysely } from 'kysely';
import type { Database, Member } from '../db/schema.js';
import { inTransaction, type Executor } from '../domain/storage/transaction.js';
import { provision } from '../domain/members/provision.js';
import { deprovision, getMember, reactivate, suspend } from '../domain/members/lifecycle.js';
import { updateProfile } from '../domain/members/profile.js';
import { MemberNotFound, NoSeatsAvailable } from '../domain/errors.js';
import { recordRefusal } from '../domain/members/refusals.js';
import type { ActionContext } from '../domain/context.js';
import { SCIMMY, SEAT_EXTENSION } from './schemas.js';
import { memberToScim, userFieldsFromScim, type UserFields } from './user-resource.js';
import { checkPatchBody } from './patch-limits.js';
import { normalizePatchBody, normalizeResourceBody } from './quirks/index.js';
import { ignoredUserAttributes } from './ignored-attributes.js';
import { addToMissingTypedValue } from './quirks/add-to-missing-typed-value.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
import { recordEvent } from '../domain/log/provisioning-log.js';

export interface WriteScope { db: Kysely<Database>; orgId: string; ctx: ActionContext; baseUrl: string }

export async function createUser(s: WriteScope, body: unknown): Promise<Member> {
  const normalized = normalizeResourceBody(body);
  const f = userFieldsFromScim(normalized);
  return provision(s.db, {
    path: 'scim', active: f.active, ignoredAttributes: ignoredUserAttributes(normalized),
    fields: {
      orgId: s.orgId, userName: f.userName, email: f.email, displayName: f.displayName,
      givenName: f.givenName, familyName: f.familyName, externalId: f.externalId, scimAttributes: f.scimAttributes,
    },
  }, s.ctx);
}

export async function readUser(db: Executor, orgId: string, id: string): Promise<Member> {
  const m = await getMember(db, orgId, id);
  if (m.status === 'deprovisioned') throw new MemberNotFound(id);
  return m;
}

export async function replaceUser(s: WriteScope, id: string, body: unknown): Promise<Member> {
  const normalized = normalizeResourceBody(body);
  const f = userFieldsFromScim(normalized);
  return reactivationRefusals(s, id, () => inTransaction(s.db, async (tx) => {
    await logIgnored(tx, s, await readUser(tx, s.orgId, id), ignoredUserAttributes(normalized));
    return applyFields(tx, s, id, f);
  }));
}

/** A PUT or PATCH whose `active: true` found no seat: rolled back, then refused (and queued) once. */
async function reactivationRefusals(s: WriteScope, id: string, write: () => Promise<Member>): Promise<Member> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof NoSeatsAvailable) {
      const m = await readUser(s.db, s.orgId, id);
      await recordRefusal(s.db, {
        orgId: s.orgId, subject: m.user_name, memberId: m.id, path: 'scim_reactivation', wanted: 'highest', payload: { memberId: m.id },
      }, s.ctx, err);
    }
    throw err;
  }
}

async function logIgnored(tx: Executor, s: WriteScope, m: Member, ignored: string[]): Promise<void> {
  if (ignored.length === 0) return;
  await recordEvent(tx, s.ctx, {
    orgId: s.orgId, event: 'member.attributes_ignored', memberId: m.id, subject: m.user_name,
    reason: 'The body named attributes the User schema does not have; they were not stored.', detail: { attributes: ignored },
  });
}

export async function patchUser(s: WriteScope, id: string, body: unknown): Promise<Member> {
  checkPatchBody(body);
  const message = new SCIMMY.Messages.PatchOp(normalizePatchBody(body) as never);
  refuseSeatTargets(message.Operations as Array<Record<string, unknown>>);
  return reactivationRefusals(s, id, () => inTransaction(s.db, async (tx) => {
    const before = await readUser(tx, s.orgId, id);
    const current = memberToScim(before, s.baseUrl);
    delete current[SEAT_EXTENSION];
    current.schemas = (current.schemas as string[]).filter((x) => x !== SEAT_EXTENSION);
    const ops = (message.Operations as Array<Record<string, unknown>>).map((op) => addToMissingTypedValue(op, current));
    const typed = new SCIMMY.Messages.PatchOp({ schemas: [PATCH_OP], Operations: ops } as never);
    const patched = await typed.apply(new SCIMMY.Schemas.User(current, 'out') as never, async (x: unknown) => x as never);
    if (!patched) return before;
    return applyFields(tx, s, id, userFieldsFromScim(JSON.parse(JSON.stringify(patched))));
  }));
}

export async function deleteUser(s: WriteScope, id: string): Promise<void> {
  await inTransaction(s.db, async (tx) => {
    await readUser(tx, s.orgId, id);
    await deprovision(tx, s.orgId, id, s.ctx, 'deleted by SCIM');
    await tx.deleteFrom('group_members').where('member_id', '=', id).where('org_id', '=', s.orgId).execute();
  });
}

async function applyFields(tx: Executor, s: WriteScope, id: string, f: UserFields): Promise<Member> {
  const updated = await updateProfile(tx, s.orgId, id, {
    userName: f.userName, email: f.email, displayName: f.displayName, givenName: f.givenName,
    familyName: f.familyName, externalId: f.externalId, scimAttributes: f.scimAttributes,
  }, s.ctx);
  if (f.active && updated.status === 'suspended') await reactivate(tx, s.orgId, id, s.ctx);
  if (!f.active && updated.status === 'active') await suspend(tx, s.orgId, id, s.ctx, 'active=false from SCIM');
  return getMember(tx, s.orgId, id);
}

/** The seat tier is assigned by the allocator: a PATCH aimed at it is a mutability error. */
function refuseSeatTargets(ops: Array<Record<string, unknown>>): void {
  const seat = SEAT_EXTENSION.toLowerCase();
  for (const op of ops) {
    const path = typeof op.path === 'string' ? op.path.toLowerCase() : '';
    const keys = op.value && typeof op.value === 'object' && !Array.isArray(op.value) ? Object.keys(op.value).map((k) => k.toLowerCase()) : [];
    if (path.startsWith(seat) || keys.some((k) => k.startsWith(seat))) {
      throw new SCIMMY.Types.Error(400, 'mutability', `${SEAT_EXTENSION}:tier is read-only: seats are assigned by the seat allocator.`);
    }
  }
}
