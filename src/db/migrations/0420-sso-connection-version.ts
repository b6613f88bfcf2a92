// A version number on each SSO connection, raised by the database on every UPDATE of the row
// (whatever the code sets), so caches keyed by (connection, version) — the OIDC client
// configuration with its secret — see any edit at once, in every process.
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table sso_connections add column version integer not null default 1`,
  `create function sso_connections_bump_version() returns trigger language plpgsql as $$
   begin
     new.version := old.version + 1;
     return new;
   end $$`,
  `create trigger sso_connections_bump_version before update on sso_connections
     for each row execute function sso_connections_bump_version()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
