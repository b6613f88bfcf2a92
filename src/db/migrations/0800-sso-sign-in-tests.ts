// Test sign-ins started from the console's Identity page: the SAML AuthnRequest id or OIDC state
// of a sign-in an Owner started to check a connection. When the IdP answers that flow, Seatgate
// shows what the IdP sent and what a real sign-in would do, and signs nobody in (the Owner's own
// session is untouched). A row is used once (DELETE … RETURNING) and lives as long as the flow.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table sso_sign_in_tests (
     connection_id uuid not null references sso_connections(id) on delete cascade,
     flow_id text not null,
     org_id uuid not null references organizations(id),
     started_by uuid not null references members(id),
     created_at timestamptz not null,
     expires_at timestamptz not null,
     primary key (connection_id, flow_id),
     constraint sso_sign_in_tests_expiry_after_creation check (expires_at > created_at)
   )`,
  `create index sso_sign_in_tests_expiry on sso_sign_in_tests (expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
