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

export type SsoKind = 'saml' | 'oidc';
type Json<T> = ColumnType<T, string, string>;

/** Which IdP claim or attribute carries each profile field; unset fields use the defaults. */
export interface AttributeMapping { email?: string; givenName?: string; familyName?: string; displayName?: string; groups?: string }

export interface SsoConnectionsTable {
  id: Generated<string>;
  org_id: string;
  kind: SsoKind;
  label: string;
  enabled: Generated<boolean>;
  saml_idp_entity_id: string | null;
  saml_sso_url: string | null;
  saml_idp_certs: Json<string[]> | null;
  saml_allow_idp_initiated: Generated<boolean>;
  saml_want_assertions_signed: Generated<boolean>;
  saml_want_response_signed: Generated<boolean>;
  oidc_issuer: string | null;
  oidc_client_id: string | null;
  oidc_client_secret: string | null;
  oidc_scopes: string | null;
  oidc_assume_email_verified: Generated<boolean>;
  attribute_mapping: ColumnType<AttributeMapping, string | undefined, string>;
  created_at: CreatedAt;
}

export interface MemberSsoIdentitiesTable {
  connection_id: string;
  subject: string;
  org_id: string;
  member_id: string;
  created_at: CreatedAt;
}

export interface SamlRequestsTable {
  id: string;
  connection_id: string;
  created_at: Date;
  expires_at: Date;
}

export interface UsedAssertionsTable {
  connection_id: string;
  assertion_id: string;
  expires_at: Date;
}

export interface OidcLoginStatesTable {
  state: string;
  connection_id: string;
  code_verifier: string;
  nonce: string;
  return_to: string | null;
  expires_at: Date;
}

export interface SessionSigningKeysTable {
  id: number;
  secret: string;
  created_at: CreatedAt;
}

export interface Database {
  organizations: OrganizationsTable;
  org_domains: OrgDomainsTable;
  seat_pools: SeatPoolsTable;
  members: MembersTable;
  provisioning_events: ProvisioningEventsTable;
  sso_connections: SsoConnectionsTable;
  member_sso_identities: MemberSsoIdentitiesTable;
  saml_requests: SamlRequestsTable;
  used_assertions: UsedAssertionsTable;
  oidc_login_states: OidcLoginStatesTable;
  session_signing_keys: SessionSigningKeysTable;
}

export type Organization = Selectable<OrganizationsTable>;
export type Member = Selectable<MembersTable>;
export type NewMember = Insertable<MembersTable>;
export type ProvisioningEventRow = Selectable<ProvisioningEventsTable>;
export type SsoConnection = Selectable<SsoConnectionsTable>;
