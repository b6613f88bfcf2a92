// Invitations and the server's own keys. An invitation stores only the SHA-256 hash of the secret
// carried in its link; at most one is pending per org and email; an accepted one names the member
// it created. server_keys holds keys generated once and shared by every process (the invitation
// signing key, when INVITE_SECRET is not set).
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table invitations (
     id uuid primary key,
     org_id uuid not null references organizations(id),
     email text not null constraint invitations_email_length check (length(email) between 3 and 320),
     role text not null constraint invitations_role check (role in ('owner', 'admin', 'member')),
     seat_tier text constraint invitations_seat_tier check (seat_tier in ('premium', 'standard')),
     status text not null default 'pending'
       constraint invitations_status check (status in ('pending', 'accepted', 'revoked', 'expired')),
     secret_hash bytea not null constraint invitations_hash_length check (length(secret_hash) = 32),
     invited_by_type text not null,
     invited_by_id text,
     invited_by_label text,
     created_at timestamptz not null,
     expires_at timestamptz not null,
     accepted_at timestamptz,
     revoked_at timestamptz,
     member_id uuid references members(id),
     replaced_by uuid references invitations(id),
     constraint invitations_expiry_after_creation check (expires_at > created_at),
     constraint invitations_accepted_names_member check ((status = 'accepted') = (member_id is not null))
   )`,
  `create unique index invitations_secret_hash on invitations (secret_hash)`,
  `create unique index invitations_one_pending on invitations (org_id, lower(email)) where status = 'pending'`,
  `create index invitations_by_org on invitations (org_id, created_at desc)`,
  `create table server_keys (
     name text primary key,
     key bytea not null constraint server_keys_length check (length(key) >= 32),
     created_at timestamptz not null
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
