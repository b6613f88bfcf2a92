// SCIM Group mutations. Member changes are planned from the PATCH operations and applied as
// set-based SQL in one transaction (domain/groups): scimmy's PatchOp would need the whole member
// list in memory and one write per member, which does not hold at 10,000 members. displayName and
// externalId changes still go through scimmy's PatchOp, on the group without its members.
// Every write re-evaluates the provisioning rules of the members it adds, removes or renames.
import type { Group } from '../db/schema.js';
import { inTransaction, type Executor } from '../domain/storage/transaction.js';
import {
  addGroupMembers, createGroup, deleteGroup, getGroup, removeGroupMembers, updateGroupFields,
} from '../domain/groups/groups.js';
import { reapplyRulesAfterGroupChange, watchGroupForRules } from '../domain/rules/apply.js';
import { SCIMMY, CORE_GROUP } from './schemas.js';
import { invalidValue } from './scim-error.js';
import { memberRefs, type MemberRef } from './quirks/group-member-shapes.js';
import { checkPatchBody } from './patch-limits.js';
import { normalizePatchBody } from './quirks/index.js';
import type { WriteScope } from './user-writes.js';

type Json = Record<string, unknown>;

interface GroupInput { displayName: string; externalId: string | null; members: MemberRef[] }

export function groupInput(body: unknown): GroupInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new SCIMMY.Types.Error(400, 'invalidSyntax', 'The request body must be a JSON object.');
  const b = body as Json;
  const membersKey = Object.keys(b).find((k) => k.toLowerCase() === 'members');
  const members = memberRefs(membersKey ? b[membersKey] : undefined);
  if (!members) throw invalidValue('members must be a list of {"value": "<user id>"} objects.');
  const { [membersKey ?? '']: _m, ...rest } = b;
  let coerced: Json;
  try {
    coerced = JSON.parse(JSON.stringify(new SCIMMY.Schemas.Group(rest, 'in'))) as Json;
  } catch (err) {
    if (err instanceof SCIMMY.Types.Error) throw err;
    if (err instanceof TypeError) throw invalidValue(err.message);
    throw err;
  }
  return { displayName: String(coerced.displayName), externalId: typeof coerced.externalId === 'string' ? coerced.externalId : null, members };
}

export async function createScimGroup(s: WriteScope, body: unknown): Promise<Group> {
  const g = groupInput(body);
  return inTransaction(s.db, async (tx) => {
    const group = await createGroup(tx, s.orgId, { displayName: g.displayName, externalId: g.externalId },
      g.members.map((m) => ({ memberId: m.value, display: m.display })), s.ctx);
    await reapplyRulesAfterGroupChange(tx, s.orgId, await watchGroupForRules(tx, s.orgId, group.id, true), s.ctx);
    return group;
  }, { groupName: g.displayName });
}

export async function replaceScimGroup(s: WriteScope, id: string, body: unknown): Promise<Group> {
  const g = groupInput(body);
  return inTransaction(s.db, async (tx) => {
    await getGroup(tx, s.orgId, id, true);
    const watch = await watchGroupForRules(tx, s.orgId, id);
    const group = await updateGroupFields(tx, s.orgId, id, { displayName: g.displayName, externalId: g.externalId }, s.ctx);
    await removeGroupMembers(tx, s.orgId, id, 'all', s.ctx);
    if (g.members.length) await addGroupMembers(tx, s.orgId, id, g.members.map((m) => ({ memberId: m.value, display: m.display })), s.ctx);
    await reapplyRulesAfterGroupChange(tx, s.orgId, watch, s.ctx);
    return group;
  }, { groupName: g.displayName });
}

export async function deleteScimGroup(s: WriteScope, id: string): Promise<void> {
  await inTransaction(s.db, async (tx) => {
    const watch = await watchGroupForRules(tx, s.orgId, id);
    await deleteGroup(tx, s.orgId, id, s.ctx);
    await reapplyRulesAfterGroupChange(tx, s.orgId, watch, s.ctx);
  });
}

type MemberStep = { kind: 'add'; refs: MemberRef[] } | { kind: 'remove'; ids: string[] | 'all' };

export async function patchScimGroup(s: WriteScope, id: string, body: unknown): Promise<Group> {
  checkPatchBody(body);
  const message = new SCIMMY.Messages.PatchOp(normalizePatchBody(body) as never);
  const steps: MemberStep[] = [];
  const others: Json[] = [];
  for (const op of message.Operations as Json[]) planOperation(op, steps, others);
  return inTransaction(s.db, async (tx) => {
    let group = await getGroup(tx, s.orgId, id, true);
    const watch = await watchGroupForRules(tx, s.orgId, id);
    if (others.length) group = await patchFields(tx, s, group, others);
    for (const step of steps) {
      if (step.kind === 'add') await addGroupMembers(tx, s.orgId, id, step.refs.map((m) => ({ memberId: m.value, display: m.display })), s.ctx);
      else await removeGroupMembers(tx, s.orgId, id, step.ids, s.ctx);
    }
    await reapplyRulesAfterGroupChange(tx, s.orgId, watch, s.ctx);
    return group;
  });
}

const MEMBER_FILTER = /^members\[(.+)\]$/i;

function planOperation(op: Json, steps: MemberStep[], others: Json[]): void {
  const kind = String(op.op).toLowerCase();
  const path = typeof op.path === 'string' ? op.path.trim() : undefined;
  if (path === undefined && op.value && typeof op.value === 'object' && !Array.isArray(op.value)) {
    // Path-less op whose value object names members and/or other attributes (RFC 7644 §3.5.2.1/3).
    const { members, rest } = splitMembers(op.value as Json);
    if (members !== undefined) planOperation({ op: kind, path: 'members', value: members }, steps, others);
    if (Object.keys(rest).length) others.push({ op: kind, value: rest });
    return;
  }
  if (path === undefined || !/^members(\[|$|\.)/i.test(path)) { others.push(op); return; }
  if (/^members$/i.test(path)) {
    const refs = op.value === undefined ? [] : memberRefs(op.value);
    if (!refs) throw invalidValue('members must be a list of {"value": "<user id>"} objects.');
    if (kind === 'add') steps.push({ kind: 'add', refs });
    else if (kind === 'replace') steps.push({ kind: 'remove', ids: 'all' }, { kind: 'add', refs });
    else steps.push({ kind: 'remove', ids: refs.length ? refs.map((r) => r.value) : 'all' });
    return;
  }
  const m = MEMBER_FILTER.exec(path);
  if (!m || kind !== 'remove') throw new SCIMMY.Types.Error(400, 'invalidPath', `"${path}" is not a supported members path; use members or members[value eq "<id>"] with remove.`);
  steps.push({ kind: 'remove', ids: idsFromMemberFilter(m[1]!) });
}

/** members[value eq "a" or value eq "b"]: the ids named; anything else is an invalid path. */
function idsFromMemberFilter(expression: string): string[] {
  let parsed: Json[];
  try { parsed = [...new SCIMMY.Types.Filter(expression)] as Json[]; } catch { throw new SCIMMY.Types.Error(400, 'invalidPath', `"members[${expression}]" is not a valid filter.`); }
  return parsed.map((branch) => {
    const entries = Object.entries(branch);
    const cond = entries.length === 1 && entries[0]![0].toLowerCase() === 'value' ? entries[0]![1] : null;
    if (!Array.isArray(cond) || String(cond[0]).toLowerCase() !== 'eq' || typeof cond[1] !== 'string') {
      throw new SCIMMY.Types.Error(400, 'invalidPath', 'Only members[value eq "<id>"] (joined with or) can select members to remove.');
    }
    return cond[1];
  });
}

function splitMembers(value: Json): { members: unknown; rest: Json } {
  const rest: Json = {};
  let members: unknown;
  for (const [k, v] of Object.entries(value)) if (k.toLowerCase() === 'members') members = v; else rest[k] = v;
  return { members, rest };
}

async function patchFields(tx: Executor, s: WriteScope, group: Group, ops: Json[]): Promise<Group> {
  const current = new SCIMMY.Schemas.Group({
    schemas: [CORE_GROUP], id: group.id, displayName: group.display_name, ...(group.external_id ? { externalId: group.external_id } : {}),
  }, 'out');
  const message = new SCIMMY.Messages.PatchOp({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: ops } as never);
  const patched = await message.apply(current as never, async (x: unknown) => x as never) as unknown as Json | undefined;
  if (!patched) return group;
  return updateGroupFields(tx, s.orgId, group.id, {
    displayName: String(patched.displayName ?? ''), externalId: typeof patched.externalId === 'string' ? patched.externalId : null,
  }, s.ctx);
}
