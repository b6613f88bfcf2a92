// The one permission table. Every admin-API route names the permission it needs; `authorize`
// is the only check. docs/roles.md renders this table for people; a test keeps the two in step.
import type { Role } from '../../db/schema.js';
import { RoleForbidden } from '../errors.js';

export const PERMISSIONS = {
  'account.use': ['primary_owner', 'owner', 'admin', 'member'],
  'org.read': ['primary_owner', 'owner', 'admin', 'member'],
  'seats.read': ['primary_owner', 'owner', 'admin'],
  'seats.purchase': ['primary_owner', 'owner'],
  'contract.read': ['primary_owner', 'owner', 'admin'],
  'contract.manage': ['primary_owner', 'owner'],
  'invoices.read': ['primary_owner', 'owner'],
  'members.read': ['primary_owner', 'owner', 'admin'],
  'members.invite': ['primary_owner', 'owner', 'admin'],
  'members.manage': ['primary_owner', 'owner', 'admin'],
  'primary_owner.transfer': ['primary_owner'],
  'domains.manage': ['primary_owner', 'owner', 'admin'],
  'logs.read': ['primary_owner', 'owner', 'admin'],
  'api_keys.manage': ['primary_owner', 'owner'],
  'alerts.manage': ['primary_owner', 'owner'],
  'sso.manage': ['primary_owner', 'owner'],
  'scim_tokens.manage': ['primary_owner', 'owner'],
  'provisioning.manage': ['primary_owner', 'owner'],
  'events.read': ['primary_owner', 'owner', 'admin'],
  'webhooks.manage': ['primary_owner', 'owner'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

const RANK: Record<Role, number> = { member: 0, admin: 1, owner: 2, primary_owner: 3 };

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function authorize(role: Role, permission: Permission): void {
  if (!can(role, permission)) throw new RoleForbidden(role, permission);
}

/**
 * Who may give whom which role: nobody above their own rank, and the primary owner role only by
 * transfer (`primary_owner.transfer`), never by assignment.
 */
export function authorizeRoleChange(actor: Role, from: Role, to: Role): void {
  if (to === 'primary_owner' || from === 'primary_owner') throw new RoleForbidden(actor, 'primary_owner.transfer');
  if (RANK[to] > RANK[actor] || RANK[from] > RANK[actor]) throw new RoleForbidden(actor, `roles.assign:${to}`);
}

/** Acting on a member (suspend, remove, reassign) needs a rank at least theirs. */
export function authorizeActOn(actor: Role, target: Role, permission: Permission): void {
  if (RANK[target] > RANK[actor]) throw new RoleForbidden(actor, `${permission} on a member with role ${target}`);
}
