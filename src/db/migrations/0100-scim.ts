// SCIM: bearer tokens (hash only), groups with relational members, and the SCIM attributes of a
// member that have no column of their own. Guarantees in the schema: a token hash is unique; a
// group's displayName is unique per org case-insensitively; a membership names a group and a
// member of the same org (composite foreign keys), once.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table scim_tokens (
     id uuid primary key default gen_random_uuid(),
     org_id uuid not null references organizations(id) on delete cascade,
     name text not null constraint scim_tokens_name_length check (length(btrim(name)) between 1 and 100),
     prefix text not null,
     hash text not null constraint scim_tokens_hash_format check (hash ~ '^[0-9a-f]{64}$'),
     created_at timestamptz not null,
     last_used_at timestamptz,
     revoked_at timestamptz
   )`,
  `create unique index scim_tokens_hash_unique on scim_tokens (hash)`,
  `create index scim_tokens_by_org on scim_tokens (org_id, created_at)`,
  // Extra SCIM attributes (emails, phoneNumbers, addresses, title, the enterprise extension…)
  // as the coerced SCIM value; columns hold what identity and the hot filters depend on.
  `alter table members add column scim_attributes jsonb not null default '{}'::jsonb
     constraint members_scim_attributes_object check (jsonb_typeof(scim_attributes) = 'object')`,
  // Needed by the composite foreign key of group_members.
  `alter table members add constraint members_id_org_unique unique (id, org_id)`,
  // Stable listing order for SCIM paging (created_at, id) among members that still exist.
  `create index members_scim_order on members (org_id, created_at, id) where status <> 'deprovisioned'`,
  `create table groups (
     id uuid primary key default gen_random_uuid(),
     org_id uuid not null references organizations(id) on delete cascade,
     display_name text not null constraint groups_display_name_length check (length(btrim(display_name)) between 1 and 256),
     external_id text,
     created_at timestamptz not null,
     updated_at timestamptz not null,
     constraint groups_id_org_unique unique (id, org_id)
   )`,
  `create unique index groups_display_name_unique on groups (org_id, lower(display_name))`,
  `create index groups_external_id on groups (org_id, external_id) where external_id is not null`,
  `create index groups_scim_order on groups (org_id, created_at, id)`,
  `create table group_members (
     group_id uuid not null,
     member_id uuid not null,
     org_id uuid not null,
     display text,
     added_at timestamptz not null,
     primary key (group_id, member_id),
     foreign key (group_id, org_id) references groups (id, org_id) on delete cascade,
     foreign key (member_id, org_id) references members (id, org_id) on delete cascade
   )`,
  `create index group_members_by_member on group_members (member_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
