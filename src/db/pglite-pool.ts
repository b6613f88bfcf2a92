// A node-postgres-shaped pool over one PGlite instance, so that Kysely's PostgresDialect (and
// therefore every query we write) runs unchanged on the embedded database and on a server.
// PGlite is a single connection: `connect()` hands it out to one holder at a time (FIFO), which
// is exactly the isolation a transaction needs. `acquire()` takes the same turn without a client:
// the socket that shares the database with the CLI (pglite-socket-server.ts) waits in this one
// queue, so nothing else ever runs on the connection while a holder has it. Once closed, queries
// fail as STORAGE_UNAVAILABLE.
import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { StorageUnavailable } from './errors.js';
import { errorKind } from './outage-watch.js';

export class PGlitePool implements PostgresPool {
  #queue: Array<() => void> = [];
  #held = false;

  constructor(private readonly pglite: PGlite, private readonly onQueryError?: (kind: string) => void) {}

  /** One connection: in use or idle, and how many wait for it. */
  stats(): { total: number; idle: number; waiting: number } {
    return { total: 1, idle: this.#held ? 0 : 1, waiting: this.#queue.length };
  }

  /** Waits for the connection's turn; the returned function gives it back (once). */
  async acquire(): Promise<() => void> {
    if (this.#held) await new Promise<void>((resolve) => this.#queue.push(resolve));
    this.#held = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      if (next) next();
      else this.#held = false;
    };
  }

  async connect(): Promise<PostgresPoolClient> {
    const release = await this.acquire();
    const client = {
      query: async <R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> => {
        let result;
        try {
          result = await this.pglite.query<R>(sql, parameters as unknown[]);
        } catch (err) {
          this.onQueryError?.(errorKind(err));
          // Closed (the server is shutting down): the request racing it is an outage, not a bug.
          throw this.pglite.closed ? new StorageUnavailable(err) : err;
        }
        return {
          command: (result as { command?: string }).command as PostgresQueryResult<R>['command'],
          rowCount: (result as { rowCount?: number }).rowCount ?? result.affectedRows ?? result.rows.length,
          rows: result.rows,
        };
      },
      release,
    };
    return client as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}
