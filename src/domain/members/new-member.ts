// Who is about to become a member, as every arrival path describes them, and the checks that hold
// for all of them. The allocator inserts the row (src/domain/seats/allocator.ts).
import type { Role } from '../../db/schema.js';
import { InvalidInput } from '../errors.js';
import { normalizeEmail } from './email.js';

export interface NewMemberInput {
  orgId: string;
  /** Unique per org, case-insensitively. For JIT and invites it is the email. */
  userName: string;
  email: string;
  displayName?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  role?: Role;
  externalId?: string | null;
  /** Attributes an edge keeps without a column of their own (SCIM: emails, title, extensions…). */
  scimAttributes?: Record<string, unknown>;
}

export interface CheckedMemberInput extends NewMemberInput { userName: string; email: string; role: Role }

export function checkNewMember(input: NewMemberInput): CheckedMemberInput {
  const userName = input.userName.trim();
  if (!userName || userName.length > 320) throw new InvalidInput('userName', 'is required, at most 320 characters');
  return { ...input, userName, email: normalizeEmail(input.email), role: input.role ?? 'member' };
}
