// The one place that turns PostgreSQL constraint violations into domain errors. Application
// checks give friendly errors first; this catches what slips past them (races, other writers).
import {
  DomainAlreadyClaimed, GroupNameTaken, isCodedFailure, InvalidInput, InvitationAlreadyPending, MemberNotFound, NoSeatsAvailable, OrgSlugTaken, PrimaryOwnerRequired,
  SeatsNeverShrink, SsoIdentityConflict, UserNameTaken, type SeatCounts,
} from '../errors.js';
import { asStorageUnavailable, isConnectionFailure } from '../../db/connection-failures.js';

interface PgError { code?: string; constraint?: string; message?: string }

/**
 * Input PostgreSQL itself refuses: text it cannot hold, or a value not of its column's form (a
 * uuid parameter that is not one). The client's mistake, so a 400, never a 503 or a 500. The
 * edges refuse such text first (src/web/unstorable-text.ts); this is the backstop.
 */
const REFUSED_INPUT: Record<string, string> = {
  '22021': 'contains a character the database cannot store (a NUL, or bytes that are not UTF-8)', // character_not_in_repertoire
  '22P05': 'contains a character the database cannot translate (a NUL escape)', // untranslatable_character
  '22P02': 'is not of the expected form (for instance an id that is not a UUID)', // invalid_text_representation
};

export interface ConstraintContext {
  userName?: string;
  slug?: string;
  groupName?: string;
  domain?: string;
  counts?: () => Promise<SeatCounts>;
}

export async function translateDbError(err: unknown, ctx: ConstraintContext = {}): Promise<unknown> {
  if (isCodedFailure(err) || typeof err !== 'object' || err === null) return err;
  const { code, constraint } = err as PgError;
  // The server pool has translated these already; this covers any other executor.
  if (isConnectionFailure(err)) return asStorageUnavailable(err);
  if (code && REFUSED_INPUT[code]) return new InvalidInput('input', REFUSED_INPUT[code]);
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
