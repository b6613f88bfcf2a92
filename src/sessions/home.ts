// Where a signed-in person belongs: Owners and Admins in the console, Members on their own page.
import type { Role } from '../db/schema.js';
import { can } from '../domain/roles/permissions.js';

export const CONSOLE_PATH = '/admin';
export const ACCOUNT_PATH = '/account';

export function homeFor(role: Role): string {
  return can(role, 'members.read') ? CONSOLE_PATH : ACCOUNT_PATH;
}
