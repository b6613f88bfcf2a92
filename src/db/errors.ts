// Failures of the storage machinery, not facts of the domain: the database is away, the embedded
// data directory is held by another process, a migration failed, the CLI and a running server
// disagree on the schema. Each has a stable code in the same closed set as the domain's
// (src/domain/errors.ts, ErrorCode), so the edges answer them from the one table. src/db imports
// nothing from the domain.
import { CodedError } from '../errors/coded-error.js';

export const INFRASTRUCTURE_ERROR_CODES = ['STORAGE_UNAVAILABLE', 'DATA_DIR_IN_USE', 'MIGRATION_FAILED', 'SCHEMA_MISMATCH'] as const;
export type InfrastructureCode = (typeof INFRASTRUCTURE_ERROR_CODES)[number];

export abstract class InfrastructureError extends CodedError<InfrastructureCode> {}

export class DataDirInUse extends InfrastructureError {
  readonly code = 'DATA_DIR_IN_USE';
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`The embedded database in ${dataDir} is in use by another Seatgate process (pid ${pid || 'unknown'}). ` +
      'Stop it, or point DATA_DIR elsewhere, or set DATABASE_URL to share a PostgreSQL server.');
  }
}

export class MigrationFailed extends InfrastructureError {
  readonly code = 'MIGRATION_FAILED';
  override readonly expose = false;
  constructor(readonly migration: string, override readonly cause: unknown) {
    super(`Migration ${migration} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export class StorageUnavailable extends InfrastructureError {
  readonly code = 'STORAGE_UNAVAILABLE';
  override readonly expose = false;
  constructor(override readonly cause: unknown) { super('The database is unavailable.'); }
}

/** The CLI found a live Seatgate holding DATA_DIR that does not share its database over the socket. */
export class DataDirNotShared extends InfrastructureError {
  readonly code = 'DATA_DIR_IN_USE';
  constructor(readonly dataDir: string, readonly pid: number, readonly reason: string) {
    super(`The embedded database in ${dataDir} is held by Seatgate process ${pid}, which does not answer on its database socket (${reason}). ` +
      'If it is a server of an older version, or another command still running, wait for it or stop it; otherwise see docs/operations.md.');
  }
}

/** The CLI and the running server's database disagree on the schema; the CLI never migrates a server's database. */
export class SchemaMismatch extends InfrastructureError {
  readonly code = 'SCHEMA_MISMATCH';
  constructor(readonly current: string | null, readonly expected: string | null, readonly direction: 'behind' | 'ahead', pid: number) {
    super(direction === 'behind'
      ? `The running Seatgate server (pid ${pid}) has its database at schema ${current ?? '(empty)'}, but this seatgate expects ${expected}. ` +
        'Restart the server with this version (it migrates at start), or stop it and run `seatgate migrate`.'
      : `The running Seatgate server's database (pid ${pid}) is at schema ${current}, newer than this seatgate knows (${expected}). ` +
        'Use the seatgate of the installation that runs the server.');
  }
}
