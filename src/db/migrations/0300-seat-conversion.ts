// Upgrading standard seats to premium moves seats between tiers without removing any from the
// allocation. Each pool gains two counters that only grow: `converted_out` (seats that left this
// tier by an upgrade) and `converted_in` (seats that arrived by one). The never-shrink rule becomes
// "purchased + converted_out never decreases": a tier's usable seats can only fall by exactly the
// number recorded as converted out, and a deferred check makes every org's conversions balance
// (what left one tier arrived in another) by the end of the transaction. CHECK (claimed <=
// purchased) is unchanged, so only unclaimed seats can leave a tier.
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table seat_pools
     add column converted_out integer not null default 0 constraint seat_pools_converted_out_nonnegative check (converted_out >= 0),
     add column converted_in integer not null default 0 constraint seat_pools_converted_in_nonnegative check (converted_in >= 0),
     -- Upgrades only: seats leave standard and arrive in premium.
     add constraint seat_pools_conversion_direction
       check ((tier = 'standard' or converted_out = 0) and (tier = 'premium' or converted_in = 0))`,
  `create or replace function seat_pools_never_shrink() returns trigger language plpgsql as $$
   begin
     if new.purchased + new.converted_out < old.purchased + old.converted_out
        or new.converted_out < old.converted_out or new.converted_in < old.converted_in then
       raise exception 'seats are never removed from the allocation' using errcode = 'P0001',
         constraint = 'seat_pools_never_shrink';
     end if;
     return new;
   end $$`,
  `drop trigger seat_pools_never_shrink on seat_pools`,
  `create trigger seat_pools_never_shrink before update of purchased, converted_out, converted_in on seat_pools
     for each row execute function seat_pools_never_shrink()`,
  `create function seat_pools_conversions_balance() returns trigger language plpgsql as $$
   begin
     if (select sum(converted_out) <> sum(converted_in) from seat_pools where org_id = new.org_id) then
       raise exception 'seats converted out of one tier must arrive in another' using errcode = 'P0001',
         constraint = 'seat_pools_conversions_balance';
     end if;
     return null;
   end $$`,
  `create constraint trigger seat_pools_conversions_balance after update of converted_out, converted_in on seat_pools
     deferrable initially deferred for each row execute function seat_pools_conversions_balance()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
