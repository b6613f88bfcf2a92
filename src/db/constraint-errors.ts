// The one place that turns PostgreSQL constraint violations into domain errors. Application
// checks give friendly errors first; this catches what slips past them (races, other writers).
import {
  DomainAlreadyClaimed, DomainError, GroupNameTaken, InvitationAlreadyPending, MemberNotFound, NoSeatsAvailable, OrgSlugTaken, PrimaryOwnerRequired,
  SeatsNeverShrink, SsoIdentityConflict, UserNameTaken, type SeatCounts,
} from '../domain/errors.js';
import { asStorageUnavailable, isConnectionFailure } from './connection-failures.js';

interface PgError { code?: string; constraint?: string; message?: string }

export interface ConstraintContext {
  userName?: string;
  slug?: string;
  groupName?: string;
  domain?: string;
  counts?: () => Promise<SeatCounts>;
}

export async function translateDbError(err: unknown, ctx: ConstraintContext = {}): Promise<unknown> {
  if (err instanceof DomainError || typeof err !== 'object' || err === null) return err;
  const { constraint } = err as PgError;
  // The server pool has translated these already; this covers any other executor.
  if (isConnectionFailure(err)) return asStorageUnavailable(err);
  switch (constraint) {
    case 'members_user_name_unique': return new UserNameTaken(ctx.userName ?? '(unknown)');
    case 'organizations_slug_key': return new OrgSlugTaken(ctx.slug ?? '(unknown)');
    case 'org_domains_verified_once': return new DomainAlreadyClaimed(ctx.domain ?? '(unknown)');
    case 'members_one_primary_owner':
    case 'members_primary_owner_kept': return new PrimaryOwnerRequired();
    case 'invitations_one_pending': return new InvitationAlreadyPending(ctx.userName ?? '(unknown)', '(created concurrently)');
    case 'groups_display_name_unique': return new GroupNameTaken(ctx.groupName ?? '(unknown)');
    // A membership naming a member of another org (or none): the member does not exist for this org.
    case 'group_members_member_id_org_id_fkey': return new MemberNotFound('(group member)');
    case 'seat_pools_never_shrink':
    case 'seat_pools_conversions_balance': return new SeatsNeverShrink();
    case 'member_sso_identities_subject_unique':
    case 'member_sso_identities_one_per_member': return new SsoIdentityConflict(ctx.userName ?? '(unknown)', true);
    case 'seat_pools_claimed_within_purchased':
      return new NoSeatsAvailable(ctx.counts ? await ctx.counts() : emptyCounts());
    default: return err;
  }
}

function emptyCounts(): SeatCounts {
  return { premium: { purchased: 0, claimed: 0 }, standard: { purchased: 0, claimed: 0 } };
}
