// Servers cache authenticated SCIM tokens in memory (src/domain/scim-tokens/token-cache.ts) and
// drop the cache when told, on channel `seatgate_scim_tokens`, that a token was revoked or
// deleted, or an org's SCIM switch changed or the org went away. pg_notify is transactional: the
// message is delivered at COMMIT, so no server hears of a revocation that was rolled back.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create function seatgate_notify_scim_tokens() returns trigger language plpgsql as $$
   begin
     perform pg_notify('seatgate_scim_tokens', tg_table_name || ':' || old.id::text);
     return null;
   end $$`,
  `create trigger scim_tokens_notify_revoked after update of revoked_at on scim_tokens
     for each row when (old.revoked_at is distinct from new.revoked_at) execute function seatgate_notify_scim_tokens()`,
  `create trigger scim_tokens_notify_deleted after delete on scim_tokens
     for each row execute function seatgate_notify_scim_tokens()`,
  `create trigger organizations_notify_scim_switch after update of scim_enabled on organizations
     for each row when (old.scim_enabled is distinct from new.scim_enabled) execute function seatgate_notify_scim_tokens()`,
  `create trigger organizations_notify_deleted after delete on organizations
     for each row execute function seatgate_notify_scim_tokens()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
