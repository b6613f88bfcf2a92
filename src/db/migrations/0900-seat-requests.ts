// The seat-request queue: one row per person and wanted tier that was turned away for lack of a
// seat (SCIM create or reactivation, JIT first sign-in, invitation accept, a tier change), written
// by the one refusal writer and deduplicated on (org, person, wanted tier) while queued. `payload`
// holds what is needed to seat them later (SCIM fields, the SSO identity, the invitation id).
// Served oldest first when seats are added or freed, in that same transaction; expired after a
// configurable age. `wanted_tier` is a tier key or 'highest' (tiers are checked by the application).
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table seat_requests (
     id uuid primary key default gen_random_uuid(),
     org_id uuid not null references organizations(id) on delete cascade,
     member_id uuid references members(id) on delete cascade,
     person_key text not null constraint seat_requests_person_key check (person_key = lower(person_key) and length(person_key) between 1 and 320),
     subject text not null,
     path text not null constraint seat_requests_path check (path in ('scim', 'scim_reactivation', 'jit', 'invite', 'tier_change')),
     wanted_tier text not null constraint seat_requests_wanted_tier check (length(wanted_tier) between 1 and 64),
     payload jsonb not null default '{}'::jsonb,
     first_seen timestamptz not null,
     last_seen timestamptz not null,
     attempts integer not null default 1 constraint seat_requests_attempts check (attempts >= 1),
     status text not null default 'queued' constraint seat_requests_status check (status in ('queued', 'served', 'expired')),
     served_at timestamptz,
     served_member_id uuid references members(id) on delete set null,
     constraint seat_requests_served_when check ((status = 'served') = (served_at is not null)),
     constraint seat_requests_seen_order check (last_seen >= first_seen)
   )`,
  `create unique index seat_requests_one_queued on seat_requests (org_id, person_key, wanted_tier) where status = 'queued'`,
  `create index seat_requests_queue on seat_requests (org_id, first_seen, id) where status = 'queued'`,
  `create index seat_requests_by_age on seat_requests (first_seen) where status = 'queued'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
