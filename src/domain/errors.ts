// Every failure the domain can report: one base class, one subclass per fact, a stable `code`
// and structured fields. They say what happened, never which HTTP status it becomes; the edges
// map codes to responses in one table each (src/http/error-table.ts).
import type { Tier } from '../db/schema.js';

export type SeatCounts = Record<Tier, { purchased: number; claimed: number }>;

export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** Safe to show to the caller (no secrets, no internals). */
  readonly expose: boolean = true;
  override get name(): string { return this.constructor.name; }
}

export class NoSeatsAvailable extends DomainError {
  readonly code = 'SEATS_EXHAUSTED';
  constructor(readonly counts: SeatCounts, readonly tier?: Tier) {
    super(tier
      ? `No ${tier} seat is available (${describeCounts(counts)}). An Owner can add seats or free one.`
      : `No seats are available (${describeCounts(counts)}). An Owner can add seats or free one.`);
  }
}

export function describeCounts(counts: SeatCounts): string {
  return (['premium', 'standard'] as const)
    .map((t) => `${t}: ${counts[t].claimed} of ${counts[t].purchased} claimed`).join(', ');
}

export class OrgNotFound extends DomainError {
  readonly code = 'ORG_NOT_FOUND';
  constructor(readonly ref: string) { super(`No organization ${ref}.`); }
}

export class OrgSlugTaken extends DomainError {
  readonly code = 'ORG_SLUG_TAKEN';
  constructor(readonly slug: string) { super(`The slug "${slug}" is already used by another organization.`); }
}

export class DomainAlreadyClaimed extends DomainError {
  readonly code = 'DOMAIN_ALREADY_CLAIMED';
  constructor(readonly domain: string) { super(`The domain ${domain} is already verified by another organization.`); }
}

export class MemberNotFound extends DomainError {
  readonly code = 'MEMBER_NOT_FOUND';
  constructor(readonly memberId: string) { super(`No member ${memberId} in this organization.`); }
}

export class UserNameTaken extends DomainError {
  readonly code = 'USERNAME_TAKEN';
  constructor(readonly userName: string) { super(`A member with userName "${userName}" already exists in this organization.`); }
}

export class MemberNotActive extends DomainError {
  readonly code = 'MEMBER_NOT_ACTIVE';
  constructor(readonly memberId: string, readonly status: string) { super(`Member ${memberId} is ${status}.`); }
}

export class GroupNotFound extends DomainError {
  readonly code = 'GROUP_NOT_FOUND';
  constructor(readonly groupId: string) { super(`No group ${groupId} in this organization.`); }
}

export class GroupNameTaken extends DomainError {
  readonly code = 'GROUP_NAME_TAKEN';
  constructor(readonly displayName: string) { super(`A group named "${displayName}" already exists in this organization.`); }
}

export class GroupMemberUnknown extends DomainError {
  readonly code = 'GROUP_MEMBER_UNKNOWN';
  constructor(readonly memberIds: string[]) {
    super(`No member ${memberIds.slice(0, 3).join(', ')}${memberIds.length > 3 ? ` (and ${memberIds.length - 3} more)` : ''} in this organization; provision the user before adding them to a group.`);
  }
}

export class ScimTokenNotFound extends DomainError {
  readonly code = 'SCIM_TOKEN_NOT_FOUND';
  constructor(readonly tokenId: string) { super(`No SCIM token ${tokenId} in this organization.`); }
}

export class PrimaryOwnerRequired extends DomainError {
  readonly code = 'PRIMARY_OWNER_REQUIRED';
  constructor() { super('An organization keeps exactly one primary owner: transfer the role before removing or demoting them.'); }
}

export class SeatsNeverShrink extends DomainError {
  readonly code = 'SEATS_NEVER_SHRINK';
  constructor() { super('Seats are never removed from the allocation.'); }
}

export class InvalidInput extends DomainError {
  readonly code = 'INVALID_INPUT';
  constructor(readonly field: string, readonly reason: string) { super(`${field}: ${reason}`); }
}

export class DataDirInUse extends DomainError {
  readonly code = 'DATA_DIR_IN_USE';
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`The embedded database in ${dataDir} is in use by another Seatgate process (pid ${pid || 'unknown'}). ` +
      'Stop it, or point DATA_DIR elsewhere, or set DATABASE_URL to share a PostgreSQL server.');
  }
}

export class MigrationFailed extends DomainError {
  readonly code = 'MIGRATION_FAILED';
  override readonly expose = false;
  constructor(readonly migration: string, override readonly cause: unknown) {
    super(`Migration ${migration} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export class StorageUnavailable extends DomainError {
  readonly code = 'STORAGE_UNAVAILABLE';
  override readonly expose = false;
  constructor(override readonly cause: unknown) { super('The database is unavailable.'); }
}
