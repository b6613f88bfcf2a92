// SSO: connections per organization (SAML or OIDC), identities keyed on (connection, subject),
// and the short-lived state several server processes must share: SAML AuthnRequest ids, used
// assertion ids (replay cache, kept until the assertion expires), OIDC login state, and the
// session signing key when none is configured. Never keyed on email alone (FIELD-NOTES).
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table sso_connections (
     id uuid primary key default gen_random_uuid(),
     org_id uuid not null references organizations(id) on delete cascade,
     kind text not null constraint sso_connections_kind check (kind in ('saml', 'oidc')),
     label text not null constraint sso_connections_label_length check (length(btrim(label)) between 1 and 200),
     enabled boolean not null default true,
     saml_idp_entity_id text,
     saml_sso_url text,
     saml_idp_certs jsonb,
     saml_allow_idp_initiated boolean not null default false,
     saml_want_assertions_signed boolean not null default true,
     saml_want_response_signed boolean not null default false,
     oidc_issuer text,
     oidc_client_id text,
     oidc_client_secret text,
     oidc_scopes text,
     oidc_assume_email_verified boolean not null default false,
     attribute_mapping jsonb not null default '{}'::jsonb,
     created_at timestamptz not null default now(),
     -- A SAML connection names its IdP, where to send users, and at least one signing certificate;
     -- something (response or assertion) must be signed.
     constraint sso_connections_saml_complete check (kind <> 'saml' or (
       saml_idp_entity_id is not null and saml_sso_url is not null
       and jsonb_typeof(saml_idp_certs) = 'array' and jsonb_array_length(saml_idp_certs) >= 1
       and (saml_want_assertions_signed or saml_want_response_signed))),
     constraint sso_connections_oidc_complete check (kind <> 'oidc' or (
       oidc_issuer is not null and oidc_client_id is not null and oidc_client_secret is not null and oidc_scopes is not null))
   )`,
  `create index sso_connections_by_org on sso_connections (org_id, created_at)`,
  `create table member_sso_identities (
     connection_id uuid not null references sso_connections(id) on delete cascade,
     subject text not null constraint member_sso_identities_subject_length check (length(subject) between 1 and 1024),
     org_id uuid not null references organizations(id) on delete cascade,
     member_id uuid not null references members(id) on delete cascade,
     created_at timestamptz not null default now(),
     constraint member_sso_identities_subject_unique primary key (connection_id, subject)
   )`,
  // One identity per member and connection: a second subject cannot take over a linked member.
  `create unique index member_sso_identities_one_per_member on member_sso_identities (connection_id, member_id)`,
  `create table saml_requests (
     id text primary key,
     connection_id uuid not null references sso_connections(id) on delete cascade,
     created_at timestamptz not null,
     expires_at timestamptz not null
   )`,
  `create index saml_requests_expiry on saml_requests (expires_at)`,
  `create table used_assertions (
     connection_id uuid not null references sso_connections(id) on delete cascade,
     assertion_id text not null,
     expires_at timestamptz not null,
     primary key (connection_id, assertion_id)
   )`,
  `create index used_assertions_expiry on used_assertions (expires_at)`,
  `create table oidc_login_states (
     state text primary key,
     connection_id uuid not null references sso_connections(id) on delete cascade,
     code_verifier text not null,
     nonce text not null,
     return_to text,
     expires_at timestamptz not null
   )`,
  `create index oidc_login_states_expiry on oidc_login_states (expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
