// Server-side sign-in sessions. The cookie carries a signed secret; the row, found by the secret's
// SHA-256 hash, says whether the session still counts: not revoked (sign-out, suspension, removal,
// demotion), not past its absolute expiry, not idle for longer than the idle timeout. Every
// process reads the same rows, so a revocation holds everywhere at the next request.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table sessions (
     id uuid primary key default gen_random_uuid(),
     secret_hash bytea not null constraint sessions_hash_length check (length(secret_hash) = 32),
     org_id uuid not null references organizations(id),
     member_id uuid not null references members(id),
     via text not null constraint sessions_via check (via in ('sso', 'console_link')),
     created_at timestamptz not null,
     last_seen_at timestamptz not null,
     expires_at timestamptz not null,
     revoked_at timestamptz,
     revoked_reason text
       constraint sessions_revoked_reason check (revoked_reason in ('signed_out', 'suspended', 'removed', 'role_demoted')),
     constraint sessions_expiry_after_creation check (expires_at > created_at),
     constraint sessions_revocation_has_reason check ((revoked_at is null) = (revoked_reason is null))
   )`,
  `create unique index sessions_secret_hash on sessions (secret_hash)`,
  `create index sessions_live_by_member on sessions (member_id) where revoked_at is null`,
  `create index sessions_by_expiry on sessions (expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
