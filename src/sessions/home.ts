// Where a signed-in person belongs: Owners and Admins in the console, Members on their own page.
import type { Role } from '../db/schema.js';
import { can } from '../domain/roles/permissions.js';

export const CONSOLE_PATH = '/admin';
export const ACCOUNT_PATH = '/account';
/** Where a Member who asks for the console is sent: their account page, saying the console is for Owners and Admins. */
export const MEMBER_AT_CONSOLE_PATH = `${ACCOUNT_PATH}?from=admin`;

export function homeFor(role: Role): string {
  return can(role, 'members.read') ? CONSOLE_PATH : ACCOUNT_PATH;
}
