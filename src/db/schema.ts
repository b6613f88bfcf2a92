// Over the 300-line budget on purpose: one file is the whole schema at a glance.
// Row types of every table, for Kysely. Kept beside the migrations that create them.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A seat tier's key from the tier catalogue (config/tiers.json); the database keeps it as text. */
export type Tier = string;
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
  /** The random value the TXT record at _seatgate.<domain> must hold; null for operator-given domains. */
  challenge: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SeatPoolsTable {
  org_id: string;
  tier: Tier;
  purchased: number;
  claimed: Generated<number>;
  /** Seats that left this tier by an upgrade to a higher one; purchased + converted_out never decreases. */
  converted_out: Generated<number>;
  /** Seats that arrived in this tier by an upgrade from a lower one. */
  converted_in: Generated<number>;
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

export interface ApiKeysTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  role: 'owner' | 'admin';
  prefix: string;
  secret_hash: Buffer;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
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

/** Exact totals for unfiltered SCIM lists, kept by triggers (migration 0951). */
export interface OrgListCountsTable {
  org_id: string;
  members: Generated<number>;
  groups: Generated<number>;
}

export type ContractStatus = 'active' | 'renewed' | 'expired' | 'replaced';
export type InvoiceKind = 'seat_change' | 'renewal';
export type InvoiceLineKind = 'seat_purchase' | 'upgrade' | 'renewal';
/** `date` columns are written as 'YYYY-MM-DD' and read back through a to_char cast (never as Date). */
type DateColumn = ColumnType<string, string, string>;
/** bigint money columns: int8 is read as a number (see connection.ts); amounts stay below 2^53. */
type Money = ColumnType<number, number, never>;

export interface ContractsTable {
  id: Generated<string>;
  org_id: string;
  term_start: DateColumn;
  term_end: DateColumn;
  auto_renew: boolean;
  currency: string;
  /** Annual price of one seat per tier key, minor units (jsonb). */
  prices: ColumnType<Record<Tier, number>, string, string>;
  /** Seats per tier key the contract started with (jsonb). */
  initial_seats: ColumnType<Record<Tier, number>, string, string>;
  status: ContractStatus;
  renewed_from: string | null;
  created_at: CreatedAt;
  ended_at: Date | null;
}

export interface InvoicesTable {
  id: Generated<string>;
  number: ColumnType<number, never, never>;
  org_id: string;
  contract_id: string;
  currency: string;
  kind: InvoiceKind;
  issued_at: Date;
  period_start: DateColumn;
  period_end: DateColumn;
  total: Money;
  renewal_of: string | null;
}

export interface InvoiceLinesTable {
  invoice_id: string;
  position: number;
  kind: InvoiceLineKind;
  tier: Tier;
  /** Upgrade lines only: the tier the seats moved from (`tier` is where they went). */
  from_tier: Tier | null;
  quantity: number;
  unit_amount: Money;
  months: number;
  days: number;
  days_in_month: number;
  amount: Money;
}

export interface SeatChangesTable {
  invoice_id: string;
  org_id: string;
  contract_id: string;
  effective_on: DateColumn;
  /** Seats bought per tier key (jsonb). */
  added: ColumnType<Record<Tier, number>, string, never>;
  upgrade: number;
  upgrade_from: Tier | null;
  upgrade_to: Tier | null;
  moved_member_ids: ColumnType<string[], string, never>;
  created_at: CreatedAt;
}

export interface IdempotencyKeysTable {
  org_id: string;
  key: string;
  request_hash: string;
  invoice_id: string;
  /** The first response, exactly as sent, so a retry is answered byte for byte. */
  response: string;
  created_at: Date;
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface InvitationsTable {
  id: string;
  org_id: string;
  email: string;
  role: 'owner' | 'admin' | 'member';
  seat_tier: Tier | null;
  status: InvitationStatus;
  secret_hash: Buffer;
  invited_by_type: string;
  invited_by_id: string | null;
  invited_by_label: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
  member_id: string | null;
  replaced_by: string | null;
}

export interface ServerKeysTable {
  name: string;
  key: Buffer;
  created_at: Date;
}

export type AlertKey = `${Tier}.threshold` | `${Tier}.exhausted` | 'seats.rejecting';

export interface AlertSettingsTable {
  org_id: string;
  threshold_percent: number;
  webhook_url: string | null;
  webhook_secret: string | null;
  updated_at: Date;
}

export interface SeatAlertStateTable {
  org_id: string;
  alert: AlertKey;
  active: boolean;
  raised_at: Date | null;
  cleared_at: Date | null;
  notified_at: Date | null;
}

export interface AlertDeliveriesTable {
  id: Generated<string>;
  org_id: string;
  channel: 'email' | 'webhook';
  target: string;
  subject: string | null;
  body: string;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
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
  /** Raised by the database on every update of the row (0420): caches key on it. */
  version: Generated<number>;
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

/** A test sign-in in flight (0800): the flow an Owner started from the Identity page. */
export interface SsoSignInTestsTable {
  connection_id: string;
  /** The SAML AuthnRequest id or the OIDC state. */
  flow_id: string;
  org_id: string;
  started_by: string;
  created_at: Date;
  expires_at: Date;
}

export type SessionVia = 'sso' | 'console_link';
export type SessionRevokeReason = 'signed_out' | 'suspended' | 'removed' | 'role_demoted';

export interface SessionsTable {
  id: Generated<string>;
  secret_hash: Buffer;
  org_id: string;
  member_id: string;
  via: SessionVia;
  created_at: Date;
  last_seen_at: Date;
  /** Absolute end, whatever the activity. */
  expires_at: Date;
  revoked_at: Date | null;
  revoked_reason: SessionRevokeReason | null;
}

export interface ConsoleLinksTable {
  id: string;
  org_id: string;
  member_id: string;
  secret_hash: Buffer;
  /** Who made the link (the CLI operator's label). */
  created_by: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  session_id: string | null;
}

export interface AppsTable {
  id: Generated<string>;
  client_id: string;
  name: string;
  secret_hash: Buffer;
  secret_prefix: string;
  previous_secret_hash: Buffer | null;
  previous_secret_expires_at: Date | null;
  redirect_uris: Json<string[]>;
  post_logout_redirect_uris: ColumnType<string[], string | undefined, string>;
  backchannel_logout_uri: string | null;
  refresh_tokens: Generated<boolean>;
  id_token_alg: Generated<'RS256' | 'ES256'>;
  all_orgs: Generated<boolean>;
  created_at: Date;
  secret_rotated_at: Date | null;
  removed_at: Date | null;
}

export interface AppOrgsTable { app_id: string; org_id: string }

/** oidc-provider's storage (src/op/adapter.ts): one row per model and id. */
export interface OpPayloadsTable {
  model: string;
  id: string;
  payload: Json<Record<string, unknown>>;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  account_id: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}

export interface OpSigningKeysTable {
  kid: string;
  alg: 'RS256' | 'ES256';
  private_jwk: Json<Record<string, unknown>>;
  created_at: Date;
  retired_at: Date | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface OpLogoutDeliveriesTable {
  id: Generated<string>;
  app_id: string;
  member_id: string;
  sid: string | null;
  reason: string;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

export interface AppEventsTable {
  seq: Generated<number>;
  id: Generated<string>;
  /** The feed position, given after commit by the sequencer (src/domain/events/feed.ts). */
  position: ColumnType<number | null, never, number>;
  org_id: string;
  type: string;
  occurred_at: Date;
  source_event_id: number;
  member_id: string | null;
  data: ColumnType<Record<string, unknown>, string, never>;
}

export interface WebhookEndpointsTable {
  id: Generated<string>;
  org_id: string | null;
  app_id: string | null;
  url: string;
  secret: string;
  description: string | null;
  event_types: string[] | null;
  enabled: Generated<boolean>;
  disabled_at: Date | null;
  disabled_reason: string | null;
  failing_since: Date | null;
  created_at: Date;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  endpoint_id: string;
  event_id: string;
  org_id: string;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: string;
  attempted_at: Date;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export type SeatRequestPath = 'scim' | 'scim_reactivation' | 'jit' | 'invite' | 'tier_change';
export type SeatRequestStatus = 'queued' | 'served' | 'expired';

export interface SeatRequestsTable {
  id: Generated<string>;
  org_id: string;
  member_id: string | null;
  /** lower(userName) (for JIT and invitations, the email): who asked, across attempts. */
  person_key: string;
  subject: string;
  path: SeatRequestPath;
  /** A tier key or 'highest'. */
  wanted_tier: string;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  first_seen: Date;
  last_seen: Date;
  attempts: Generated<number>;
  status: Generated<SeatRequestStatus>;
  served_at: Date | null;
  served_member_id: string | null;
}
export type SeatRequest = Selectable<SeatRequestsTable>;

/** Provisioning rules of an org (0920); `rules` is the validated list (src/domain/rules/rule-list.ts). */
export interface ProvisioningRulesTable {
  org_id: string;
  rules: ColumnType<unknown[], string, string>;
  /** 'highest' or a tier key. */
  default_seat_tier: string;
  updated_at: Date;
}

/** The groups a member's IdP sent at their last SSO sign-in (0920). */
export interface MemberIdpGroupsTable {
  member_id: string;
  org_id: string;
  connection_id: string | null;
  groups: ColumnType<string[], string, string>;
  seen_at: Date;
}

/** A member whose role a provisioning rule set, and the role they had before it (0920). */
export interface MemberRuleRolesTable {
  member_id: string;
  org_id: string;
  role: 'admin' | 'member';
  previous_role: 'admin' | 'member';
  set_at: Date;
}

export interface Database {
  organizations: OrganizationsTable;
  org_domains: OrgDomainsTable;
  seat_pools: SeatPoolsTable;
  members: MembersTable;
  provisioning_events: ProvisioningEventsTable;
  api_keys: ApiKeysTable;
  contracts: ContractsTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  seat_changes: SeatChangesTable;
  idempotency_keys: IdempotencyKeysTable;
  invitations: InvitationsTable;
  server_keys: ServerKeysTable;
  alert_settings: AlertSettingsTable;
  seat_alert_state: SeatAlertStateTable;
  alert_deliveries: AlertDeliveriesTable;
  scim_tokens: ScimTokensTable;
  org_list_counts: OrgListCountsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  sso_connections: SsoConnectionsTable;
  member_sso_identities: MemberSsoIdentitiesTable;
  saml_requests: SamlRequestsTable;
  used_assertions: UsedAssertionsTable;
  oidc_login_states: OidcLoginStatesTable;
  sessions: SessionsTable;
  console_links: ConsoleLinksTable;
  sso_sign_in_tests: SsoSignInTestsTable;
  seat_requests: SeatRequestsTable;
  apps: AppsTable;
  app_orgs: AppOrgsTable;
  op_payloads: OpPayloadsTable;
  op_signing_keys: OpSigningKeysTable;
  op_logout_deliveries: OpLogoutDeliveriesTable;
  app_events: AppEventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  provisioning_rules: ProvisioningRulesTable;
  member_idp_groups: MemberIdpGroupsTable;
  member_rule_roles: MemberRuleRolesTable;
}

export type Invitation = Selectable<InvitationsTable>;

export type Organization = Selectable<OrganizationsTable>;
export type Member = Selectable<MembersTable>;
export type NewMember = Insertable<MembersTable>;
export type ProvisioningEventRow = Selectable<ProvisioningEventsTable>;
export type ScimToken = Selectable<ScimTokensTable>;
export type Group = Selectable<GroupsTable>;
export type SsoConnection = Selectable<SsoConnectionsTable>;
export type App = Selectable<AppsTable>;
export type WebhookEndpoint = Selectable<WebhookEndpointsTable>;
