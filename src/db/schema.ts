// Row types of every table, for Kysely. Kept beside the migrations that create them.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export type Tier = 'premium' | 'standard';
export type Role = 'primary_owner' | 'owner' | 'admin' | 'member';
export type MemberStatus = 'active' | 'suspended' | 'deprovisioned';
export type ProvisioningMethod = 'scim' | 'jit' | 'manual' | 'admin' | 'cli';
export type Outcome = 'success' | 'rejected';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrganizationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  manual_enabled: Generated<boolean>;
  jit_enabled: Generated<boolean>;
  scim_enabled: Generated<boolean>;
  created_at: CreatedAt;
}

export interface OrgDomainsTable {
  org_id: string;
  domain: string;
  verified_at: Date | null;
  created_at: CreatedAt;
}

export interface SeatPoolsTable {
  org_id: string;
  tier: Tier;
  purchased: number;
  claimed: Generated<number>;
}

export interface MembersTable {
  id: Generated<string>;
  org_id: string;
  user_name: string;
  email: string;
  display_name: string | null;
  given_name: string | null;
  family_name: string | null;
  role: Role;
  status: MemberStatus;
  seat_tier: Tier | null;
  external_id: string | null;
  /** SCIM attributes without a column of their own (migration 0100). */
  scim_attributes: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_via: ProvisioningMethod;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProvisioningEventsTable {
  id: Generated<number>;
  org_id: string;
  occurred_at: Date;
  event: string;
  outcome: Outcome;
  member_id: string | null;
  subject: string | null;
  method: ProvisioningMethod;
  actor_type: string;
  actor_id: string | null;
  actor_label: string | null;
  tier: Tier | null;
  reason: string | null;
  detail: ColumnType<unknown, string | null, never> | null;
  request_id: string | null;
}

export interface ScimTokensTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  prefix: string;
  hash: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface GroupsTable {
  id: Generated<string>;
  org_id: string;
  display_name: string;
  external_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface GroupMembersTable {
  group_id: string;
  member_id: string;
  org_id: string;
  display: string | null;
  added_at: Date;
}

export interface Database {
  organizations: OrganizationsTable;
  org_domains: OrgDomainsTable;
  seat_pools: SeatPoolsTable;
  members: MembersTable;
  provisioning_events: ProvisioningEventsTable;
  scim_tokens: ScimTokensTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
}

export type Organization = Selectable<OrganizationsTable>;
export type Member = Selectable<MembersTable>;
export type NewMember = Insertable<MembersTable>;
export type ProvisioningEventRow = Selectable<ProvisioningEventsTable>;
export type ScimToken = Selectable<ScimTokensTable>;
export type Group = Selectable<GroupsTable>;
