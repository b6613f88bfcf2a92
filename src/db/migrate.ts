// Applies pending migrations. Kysely's Migrator runs them in one transaction holding a
// PostgreSQL advisory lock, so two processes migrating at once take turns instead of colliding.
import { Migrator, sql, type Kysely } from 'kysely';
import { migrations } from './migrations/index.js';
import { MigrationFailed, StorageUnavailable } from './errors.js';

export interface MigrationReport { applied: string[]; current: string | null }

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'seatgate_migrations',
    migrationLockTableName: 'seatgate_migrations_lock',
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  // An unreachable server is reported by the driver's own words ("connect ECONNREFUSED …").
  if (error) throw new MigrationFailed(results.find((r) => r.status === 'Error')?.migrationName ?? '?', error instanceof StorageUnavailable ? error.cause : error);
  const all = await migrator.getMigrations();
  const done = all.filter((m) => m.executedAt);
  return {
    applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName),
    current: done.at(-1)?.name ?? null,
  };
}

export interface SchemaStatus { current: string | null; latest: string | null; pending: string[]; unknown: string[] }

/** Which migrations the database has and lacks, without changing anything (for a database this process does not own). */
export async function schemaStatus(db: Kysely<any>): Promise<SchemaStatus> {
  const known = Object.keys(migrations).sort();
  const { rows: [exists] } = await sql<{ present: boolean }>`select to_regclass('seatgate_migrations') is not null as present`.execute(db);
  const done = exists?.present
    ? (await sql<{ name: string }>`select name from seatgate_migrations order by name`.execute(db)).rows.map((r) => r.name) : [];
  return {
    current: done.at(-1) ?? null,
    latest: known.at(-1) ?? null,
    pending: known.filter((m) => !done.includes(m)),
    unknown: done.filter((m) => !known.includes(m)),
  };
}
