// Organizations, domains, seat pools, members and the provisioning log.
// The invariants live here, not only in code: claimed <= purchased (CHECK); claimed(T) is kept
// equal to the number of active members holding tier T by a trigger on members, so no code path
// can make the counter drift; purchased never decreases; at most one primary owner per org and a
// primary owner can only leave that role by a transfer in the same transaction; the provisioning
// log refuses UPDATE and DELETE.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table organizations (
     id uuid primary key default gen_random_uuid(),
     slug text not null unique
       constraint organizations_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 63),
     name text not null constraint organizations_name_length check (length(btrim(name)) between 1 and 200),
     manual_enabled boolean not null default true,
     jit_enabled boolean not null default true,
     scim_enabled boolean not null default true,
     created_at timestamptz not null default now()
   )`,
  `create table org_domains (
     org_id uuid not null references organizations(id) on delete cascade,
     domain text not null constraint org_domains_domain_format
       check (domain = lower(domain) and domain ~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$'),
     verified_at timestamptz,
     created_at timestamptz not null default now(),
     primary key (org_id, domain)
   )`,
  // A verified domain names exactly one organization: home realm discovery depends on it.
  `create unique index org_domains_verified_once on org_domains (domain) where verified_at is not null`,
  `create table seat_pools (
     org_id uuid not null references organizations(id) on delete cascade,
     tier text not null constraint seat_pools_tier check (tier in ('premium', 'standard')),
     purchased integer not null constraint seat_pools_purchased_nonnegative check (purchased >= 0),
     claimed integer not null default 0 constraint seat_pools_claimed_nonnegative check (claimed >= 0),
     constraint seat_pools_claimed_within_purchased check (claimed <= purchased),
     primary key (org_id, tier)
   )`,
  `create function seat_pools_never_shrink() returns trigger language plpgsql as $$
   begin
     if new.purchased < old.purchased then
       raise exception 'seats are never removed from the allocation' using errcode = 'P0001',
         constraint = 'seat_pools_never_shrink';
     end if;
     return new;
   end $$`,
  `create trigger seat_pools_never_shrink before update of purchased on seat_pools
     for each row execute function seat_pools_never_shrink()`,
  `create table members (
     id uuid primary key default gen_random_uuid(),
     org_id uuid not null references organizations(id) on delete cascade,
     user_name text not null constraint members_user_name_length check (length(user_name) between 1 and 320),
     email text not null constraint members_email_length check (length(email) between 3 and 320),
     display_name text,
     given_name text,
     family_name text,
     role text not null default 'member'
       constraint members_role check (role in ('primary_owner', 'owner', 'admin', 'member')),
     status text not null default 'active'
       constraint members_status check (status in ('active', 'suspended', 'deprovisioned')),
     seat_tier text constraint members_seat_tier check (seat_tier in ('premium', 'standard')),
     external_id text,
     created_via text not null constraint members_created_via check (created_via in ('scim', 'jit', 'manual', 'admin', 'cli')),
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     -- An active member always holds a seat, and only an active member does.
     constraint members_active_holds_seat check ((status = 'active') = (seat_tier is not null))
   )`,
  // userName is unique per organization, case-insensitively, among members that still exist.
  `create unique index members_user_name_unique on members (org_id, lower(user_name)) where status <> 'deprovisioned'`,
  `create index members_external_id on members (org_id, external_id) where external_id is not null`,
  `create index members_email on members (org_id, lower(email))`,
  `create unique index members_one_primary_owner on members (org_id) where role = 'primary_owner' and status <> 'deprovisioned'`,
  `create function members_keep_seat_counts() returns trigger language plpgsql as $$
   begin
     if tg_op in ('UPDATE', 'DELETE') and old.seat_tier is not null then
       update seat_pools set claimed = claimed - 1 where org_id = old.org_id and tier = old.seat_tier;
     end if;
     if tg_op in ('INSERT', 'UPDATE') and new.seat_tier is not null then
       update seat_pools set claimed = claimed + 1 where org_id = new.org_id and tier = new.seat_tier;
       if not found then
         raise exception 'organization has no % seat pool', new.seat_tier using errcode = '23514',
           constraint = 'seat_pools_claimed_within_purchased';
       end if;
     end if;
     return null;
   end $$`,
  `create trigger members_keep_seat_counts_insert after insert on members
     for each row when (new.seat_tier is not null) execute function members_keep_seat_counts()`,
  `create trigger members_keep_seat_counts_update after update of seat_tier on members
     for each row when (old.seat_tier is distinct from new.seat_tier) execute function members_keep_seat_counts()`,
  `create trigger members_keep_seat_counts_delete after delete on members
     for each row when (old.seat_tier is not null) execute function members_keep_seat_counts()`,
  `create function members_primary_owner_kept() returns trigger language plpgsql as $$
   begin
     if not exists (select 1 from members
                    where org_id = old.org_id and role = 'primary_owner' and status <> 'deprovisioned') then
       raise exception 'an organization keeps exactly one primary owner; transfer the role first'
         using errcode = 'P0001', constraint = 'members_primary_owner_kept';
     end if;
     return null;
   end $$`,
  // Checked at commit, so a transfer (demote one, promote another) can happen in one transaction.
  `create constraint trigger members_primary_owner_kept after update or delete on members
     deferrable initially deferred for each row
     when (old.role = 'primary_owner' and old.status <> 'deprovisioned')
     execute function members_primary_owner_kept()`,
  `create table provisioning_events (
     id bigserial primary key,
     org_id uuid not null references organizations(id),
     occurred_at timestamptz not null,
     event text not null,
     outcome text not null constraint provisioning_events_outcome check (outcome in ('success', 'rejected')),
     member_id uuid references members(id),
     subject text,
     method text not null constraint provisioning_events_method check (method in ('scim', 'jit', 'manual', 'admin', 'cli')),
     actor_type text not null,
     actor_id text,
     actor_label text,
     tier text,
     reason text,
     detail jsonb,
     request_id text
   )`,
  `create index provisioning_events_by_org on provisioning_events (org_id, id desc)`,
  `create index provisioning_events_by_member on provisioning_events (member_id, id desc) where member_id is not null`,
  `create function provisioning_events_append_only() returns trigger language plpgsql as $$
   begin
     raise exception 'the provisioning log is append-only' using errcode = 'P0001',
       constraint = 'provisioning_events_append_only';
   end $$`,
  `create trigger provisioning_events_append_only before update or delete on provisioning_events
     for each row execute function provisioning_events_append_only()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
