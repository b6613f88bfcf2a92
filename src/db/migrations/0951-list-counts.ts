// Exact totals for unfiltered SCIM lists without counting: per org, how many members are not
// deprovisioned and how many groups exist, kept by statement-level triggers (one upsert per
// statement and org, so a bulk load pays once, not per row). Triggers fire after the row triggers
// that move seat counts, so the lock order stays seat_pools → org_list_counts everywhere.
import { sql, type Kysely } from 'kysely';

const live = (t: string) => `(select org_id, count(*) filter (where status <> 'deprovisioned') as n from ${t} group by org_id)`;

const statements = [
  `create table org_list_counts (
     org_id uuid primary key references organizations(id) on delete cascade,
     members bigint not null default 0,
     groups bigint not null default 0,
     constraint org_list_counts_not_negative check (members >= 0 and groups >= 0)
   )`,
  `insert into org_list_counts (org_id, members, groups)
     select o.id,
       (select count(*) from members m where m.org_id = o.id and m.status <> 'deprovisioned'),
       (select count(*) from groups g where g.org_id = o.id)
     from organizations o`,
  // Every org has its row from birth, so the triggers below only ever UPDATE it.
  `create function seatgate_list_counts_row() returns trigger language plpgsql as $$
   begin
     insert into org_list_counts (org_id) values (new.id);
     return null;
   end $$`,
  `create trigger organizations_list_counts_row after insert on organizations
     for each row execute function seatgate_list_counts_row()`,
  `create function seatgate_count_members() returns trigger language plpgsql as $$
   begin
     if tg_op = 'INSERT' then
       update org_list_counts c set members = c.members + d.n from ${live('inserted')} d where c.org_id = d.org_id and d.n <> 0;
     elsif tg_op = 'DELETE' then
       update org_list_counts c set members = c.members - d.n from ${live('removed')} d where c.org_id = d.org_id and d.n <> 0;
     else
       update org_list_counts c set members = c.members + d.n
         from (select org_id, sum(n) as n from (select org_id, n from ${live('after_rows')} a
               union all select org_id, -n from ${live('before_rows')} b) u group by org_id) d
         where c.org_id = d.org_id and d.n <> 0;
     end if;
     return null;
   end $$`,
  `create trigger members_list_count_insert after insert on members referencing new table as inserted
     for each statement execute function seatgate_count_members()`,
  `create trigger members_list_count_delete after delete on members referencing old table as removed
     for each statement execute function seatgate_count_members()`,
  `create trigger members_list_count_update after update on members referencing old table as before_rows new table as after_rows
     for each statement execute function seatgate_count_members()`,
  `create function seatgate_count_groups() returns trigger language plpgsql as $$
   begin
     if tg_op = 'INSERT' then
       update org_list_counts c set groups = c.groups + d.n from (select org_id, count(*) as n from inserted group by org_id) d where c.org_id = d.org_id;
     else
       update org_list_counts c set groups = c.groups - d.n from (select org_id, count(*) as n from removed group by org_id) d where c.org_id = d.org_id;
     end if;
     return null;
   end $$`,
  `create trigger groups_list_count_insert after insert on groups referencing new table as inserted
     for each statement execute function seatgate_count_groups()`,
  `create trigger groups_list_count_delete after delete on groups referencing old table as removed
     for each statement execute function seatgate_count_groups()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
