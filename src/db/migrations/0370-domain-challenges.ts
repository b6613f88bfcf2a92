// Domain verification by DNS: an unverified domain carries the random challenge its TXT record
// must hold. Domains given by the operator (CLI, org creation) are verified without one.
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table org_domains add column challenge text
     constraint org_domains_challenge_format check (challenge ~ '^[A-Za-z0-9_-]{32,64}$')`,
  `alter table org_domains add constraint org_domains_unverified_has_challenge
     check (verified_at is not null or challenge is not null)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
