// Console sign-in links (`seatgate console-link`): single-use, valid for minutes, for an Owner of
// an organization that has no working single sign-on yet. Only the SHA-256 hash of the secret in
// the link is stored; `used_at` is set once, by a conditional update, so a link works once.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table console_links (
     id uuid primary key,
     org_id uuid not null references organizations(id),
     member_id uuid not null references members(id),
     secret_hash bytea not null constraint console_links_hash_length check (length(secret_hash) = 32),
     created_by text not null,
     created_at timestamptz not null,
     expires_at timestamptz not null,
     used_at timestamptz,
     -- The session the link started; set null once that session is pruned.
     session_id uuid references sessions(id) on delete set null,
     constraint console_links_expiry_after_creation check (expires_at > created_at)
   )`,
  `create unique index console_links_secret_hash on console_links (secret_hash)`,
  `create index console_links_by_org on console_links (org_id, created_at desc)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
