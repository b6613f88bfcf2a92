// Tiers become data (config/tiers.json): the database keeps a tier as a text key of a fixed shape
// and no longer names the two tiers it started with. Which keys are valid is the catalogue's
// business, checked at start-up (src/domain/seats/tier-sync.ts), which also creates the pools of
// tiers added to the catalogue. Per-tier contract prices and initial seats move from one column
// per tier to jsonb objects keyed by tier; a seat change's added seats likewise, and an upgrade
// names the tier it moves seats from and to. Existing rows are carried over as they were.
import { sql, type Kysely } from 'kysely';

const KEY = `'^[a-z][a-z0-9-]{0,31}$'`;

const statements = [
  // A per-tier jsonb object: tier keys of the right shape, each a whole number >= 0. Which keys
  // exist and their order (a better tier never cheaper) is the catalogue's, checked by the app.
  `create function seatgate_per_tier_counts(v jsonb) returns boolean language sql immutable as $$
     select case when jsonb_typeof(v) <> 'object' then false else (
       select coalesce(bool_and(
         k ~ '^[a-z][a-z0-9-]{0,31}$' and jsonb_typeof(n) = 'number' and (n #>> '{}')::numeric >= 0
         and (n #>> '{}')::numeric = trunc((n #>> '{}')::numeric)), true)
       from jsonb_each(v) as e(k, n)) end
   $$`,
  `create function seatgate_per_tier_total(v jsonb) returns numeric language sql immutable as $$
     select coalesce(sum((n #>> '{}')::numeric), 0) from jsonb_each(v) as e(k, n)
   $$`,
  `alter table seat_pools drop constraint seat_pools_tier, add constraint seat_pools_tier check (tier ~ ${KEY}),
     drop constraint seat_pools_conversion_direction`,
  `alter table members drop constraint members_seat_tier, add constraint members_seat_tier check (seat_tier ~ ${KEY})`,
  `alter table invitations drop constraint invitations_seat_tier, add constraint invitations_seat_tier check (seat_tier ~ ${KEY})`,
  // A seat request wants a tier key or 'highest' (which has a key's shape; the catalogue may not use it).
  `alter table seat_requests drop constraint seat_requests_wanted_tier, add constraint seat_requests_wanted_tier check (wanted_tier ~ ${KEY})`,
  `alter table seat_alert_state drop constraint seat_alert_state_alert, add constraint seat_alert_state_alert
     check (alert = 'seats.rejecting' or alert ~ '^[a-z][a-z0-9-]{0,31}\\.(threshold|exhausted)$')`,
  // An upgrade line says where its seats came from; the old lines all came from standard.
  `alter table invoice_lines drop constraint invoice_lines_tier, add constraint invoice_lines_tier check (tier ~ ${KEY}),
     drop constraint invoice_lines_upgrade_is_premium, add column from_tier text`,
  // Billing records are immutable (0301's trigger); this one-time carry-over is the exception,
  // made with the trigger off inside the migration's transaction.
  `alter table invoice_lines disable trigger invoice_lines_immutable`,
  `update invoice_lines set from_tier = 'standard' where kind = 'upgrade'`,
  `alter table invoice_lines enable trigger invoice_lines_immutable`,
  `alter table invoice_lines add constraint invoice_lines_upgrade_names_tiers
     check ((kind = 'upgrade') = (from_tier is not null) and (from_tier is null or (from_tier ~ ${KEY} and from_tier <> tier)))`,
  `alter table contracts add column prices jsonb, add column initial_seats jsonb`,
  `update contracts set prices = jsonb_build_object('premium', price_premium, 'standard', price_standard),
     initial_seats = jsonb_build_object('premium', initial_premium, 'standard', initial_standard)`,
  `alter table contracts alter column prices set not null, alter column initial_seats set not null,
     drop constraint contracts_premium_not_cheaper,
     drop column price_standard, drop column price_premium, drop column initial_standard, drop column initial_premium,
     add constraint contracts_prices_per_tier check (seatgate_per_tier_counts(prices)),
     add constraint contracts_initial_seats_per_tier check (seatgate_per_tier_counts(initial_seats))`,
  `alter table seat_changes add column added jsonb, add column upgrade_from text, add column upgrade_to text`,
  `alter table seat_changes disable trigger seat_changes_immutable`,
  `update seat_changes set added = jsonb_build_object('premium', add_premium, 'standard', add_standard),
     upgrade_from = case when upgrade > 0 then 'standard' end, upgrade_to = case when upgrade > 0 then 'premium' end`,
  `alter table seat_changes enable trigger seat_changes_immutable`,
  `alter table seat_changes alter column added set not null, drop constraint seat_changes_not_empty,
     drop column add_standard, drop column add_premium,
     add constraint seat_changes_added_per_tier check (seatgate_per_tier_counts(added)),
     add constraint seat_changes_not_empty check (seatgate_per_tier_total(added) + upgrade > 0),
     add constraint seat_changes_upgrade_names_tiers check ((upgrade > 0) = (upgrade_from is not null and upgrade_to is not null))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
