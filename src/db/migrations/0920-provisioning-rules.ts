// Provisioning rules per organization (docs/roles.md, "Provisioning rules"): an ordered list of
// { match: { group }, role?, seatTier? } read first match wins, and the org's default seat tier
// ('highest' = the best free seat, as before rules existed). The list is validated by the domain
// (src/domain/rules/rule-list.ts) before it is stored; the table keeps it an array of bounded size.
// Two small tables beside it: the groups each member's IdP sent at their last SSO sign-in (so that
// a SCIM group change re-evaluates with them too), and which members hold their role because a
// rule gave it (so that leaving the group gives the former role back, and only to them).
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table provisioning_rules (
     org_id uuid primary key references organizations(id) on delete cascade,
     rules jsonb not null default '[]',
     default_seat_tier text not null default 'highest',
     updated_at timestamptz not null,
     constraint provisioning_rules_is_list check (jsonb_typeof(rules) = 'array' and jsonb_array_length(rules) <= 100),
     constraint provisioning_rules_default_named check (length(default_seat_tier) between 1 and 64)
   )`,
  `create table member_idp_groups (
     member_id uuid primary key references members(id) on delete cascade,
     org_id uuid not null references organizations(id) on delete cascade,
     connection_id uuid references sso_connections(id) on delete set null,
     groups jsonb not null,
     seen_at timestamptz not null,
     constraint member_idp_groups_is_list check (jsonb_typeof(groups) = 'array' and jsonb_array_length(groups) <= 1000)
   )`,
  `create table member_rule_roles (
     member_id uuid primary key references members(id) on delete cascade,
     org_id uuid not null references organizations(id) on delete cascade,
     role text not null check (role in ('admin', 'member')),
     previous_role text not null check (previous_role in ('admin', 'member')),
     set_at timestamptz not null
   )`,
  `create index member_rule_roles_org on member_rule_roles (org_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
