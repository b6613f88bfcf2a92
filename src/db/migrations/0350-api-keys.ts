// Org API keys for the admin API: shown once, stored only as a SHA-256 hash, revocable, several
// active at once for rotation, each with a role (owner or admin) and a last-used time.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table api_keys (
     id uuid primary key default gen_random_uuid(),
     org_id uuid not null references organizations(id),
     name text not null constraint api_keys_name_length check (length(name) between 1 and 100),
     role text not null constraint api_keys_role check (role in ('owner', 'admin')),
     prefix text not null,
     secret_hash bytea not null constraint api_keys_hash_length check (length(secret_hash) = 32),
     created_at timestamptz not null,
     last_used_at timestamptz,
     revoked_at timestamptz
   )`,
  `create unique index api_keys_secret_hash on api_keys (secret_hash)`,
  `create index api_keys_by_org on api_keys (org_id, created_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
