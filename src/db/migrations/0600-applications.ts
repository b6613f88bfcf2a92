// Applications: the products behind the gateway, registered by the operator as OpenID Connect
// clients of Seatgate. Their client secrets are stored only as SHA-256 hashes (a rotated secret
// keeps working for a grace period through `previous_secret_hash`); an app may be limited to some
// organizations (app_orgs). op_payloads is oidc-provider's storage (sessions, interactions,
// grants, codes, tokens), one row per model and id with its expiry, shared by every process;
// `account_id` (the member) lets losing a seat delete all of a member's grants in the
// transaction that takes the seat. op_signing_keys holds the ID-token signing keys (rotated, the
// retired ones kept published until their tokens expire). op_logout_deliveries is the outbox of
// back-channel logout tokens a lost seat sends to every app the member signed in to.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table apps (
     id uuid primary key default gen_random_uuid(),
     client_id text not null unique constraint apps_client_id_format check (client_id ~ '^sgapp_[A-Za-z0-9_-]{16,64}$'),
     name text not null constraint apps_name_length check (length(btrim(name)) between 1 and 100),
     secret_hash bytea not null constraint apps_secret_hash_length check (length(secret_hash) = 32),
     secret_prefix text not null,
     previous_secret_hash bytea constraint apps_previous_secret_hash_length check (length(previous_secret_hash) = 32),
     previous_secret_expires_at timestamptz,
     redirect_uris jsonb not null constraint apps_redirect_uris_array check (jsonb_typeof(redirect_uris) = 'array' and jsonb_array_length(redirect_uris) between 1 and 20),
     post_logout_redirect_uris jsonb not null default '[]'::jsonb constraint apps_post_logout_uris_array check (jsonb_typeof(post_logout_redirect_uris) = 'array'),
     backchannel_logout_uri text constraint apps_backchannel_logout_uri check (backchannel_logout_uri ~ '^https?://' and length(backchannel_logout_uri) <= 2000),
     refresh_tokens boolean not null default false,
     id_token_alg text not null default 'RS256' constraint apps_id_token_alg check (id_token_alg in ('RS256', 'ES256')),
     all_orgs boolean not null default true,
     created_at timestamptz not null,
     secret_rotated_at timestamptz,
     removed_at timestamptz,
     constraint apps_previous_secret_expires check ((previous_secret_hash is null) = (previous_secret_expires_at is null))
   )`,
  `create table app_orgs (
     app_id uuid not null references apps(id) on delete cascade,
     org_id uuid not null references organizations(id) on delete cascade,
     primary key (app_id, org_id)
   )`,
  `create index app_orgs_by_org on app_orgs (org_id)`,
  `create table op_payloads (
     model text not null,
     id text not null,
     payload jsonb not null,
     grant_id text,
     uid text,
     user_code text,
     account_id text,
     expires_at timestamptz,
     consumed_at timestamptz,
     primary key (model, id)
   )`,
  `create index op_payloads_by_grant on op_payloads (grant_id) where grant_id is not null`,
  `create unique index op_payloads_session_uid on op_payloads (uid) where model = 'Session'`,
  `create index op_payloads_by_user_code on op_payloads (user_code) where user_code is not null`,
  `create index op_payloads_by_account on op_payloads (account_id) where account_id is not null`,
  `create index op_payloads_by_expiry on op_payloads (expires_at) where expires_at is not null`,
  `create table op_signing_keys (
     kid text primary key,
     alg text not null constraint op_signing_keys_alg check (alg in ('RS256', 'ES256')),
     private_jwk jsonb not null,
     created_at timestamptz not null,
     retired_at timestamptz
   )`,
  // At most one key per algorithm signs: the others only verify until their tokens expire.
  `create unique index op_signing_keys_one_active on op_signing_keys (alg) where retired_at is null`,
  `create table op_logout_deliveries (
     id uuid primary key default gen_random_uuid(),
     app_id uuid not null references apps(id) on delete cascade,
     member_id uuid not null references members(id),
     sid text,
     reason text not null,
     status text not null default 'pending' constraint op_logout_deliveries_status check (status in ('pending', 'delivered', 'failed')),
     attempts integer not null default 0,
     next_attempt_at timestamptz not null,
     last_error text,
     created_at timestamptz not null,
     delivered_at timestamptz
   )`,
  `create index op_logout_deliveries_due on op_logout_deliveries (next_attempt_at) where status = 'pending'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
