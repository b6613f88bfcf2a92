// The pool of connections to a PostgreSQL server, in the shape Kysely's PostgresDialect takes,
// with the two guarantees node-postgres leaves to its user:
// - every client has an 'error' listener from the moment it connects. A server that stops while
//   a client is checked out emits 'error' on that client (57P01, "Connection terminated
//   unexpectedly"); pg-pool only listens on idle clients, and an unheard 'error' ends the process.
// - every connection failure, while connecting or while querying, reaches the caller as
//   STORAGE_UNAVAILABLE (connection-failures.ts), whether or not it ran in a transaction. A
//   client that failed is discarded on release, so the pool reconnects once the server is back.
import pg from 'pg';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { asStorageUnavailable } from './connection-failures.js';
import { OutageWatch, errorKind, type OutageEvents } from './outage-watch.js';

export interface ServerPoolOptions {
  url: string;
  max: number;
  connectionTimeoutMs: number;
  events?: OutageEvents | undefined;
}

const INT8_OID = 20;

export interface PoolStats { total: number; idle: number; waiting: number }

export function openServerPool(o: ServerPoolOptions): PostgresPool & { stats(): PoolStats } {
  const pool = new pg.Pool({
    connectionString: o.url,
    max: o.max,
    connectionTimeoutMillis: o.connectionTimeoutMs,
    // Counts and ids fit in a double; PGlite returns int8 as number too, so both agree.
    types: { getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format) },
  });
  const watch = new OutageWatch(o.events ?? {});
  pool.on('connect', (client) => client.on('error', (err) => watch.failed(err)));
  // pg-pool re-emits an idle client's error here after dropping the client; the client's own
  // listener above has already counted it. Without a listener here the process would exit.
  pool.on('error', () => {});
  return {
    async connect() {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        o.events?.queryFailed?.('connection');
        throw failure(err, watch);
      }
      return new GuardedClient(client, watch, o.events) as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

class GuardedClient {
  #broken = false;

  constructor(private readonly inner: pg.PoolClient, private readonly watch: OutageWatch, private readonly events?: OutageEvents) {}

  query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') return (this.inner as unknown as PostgresPoolClient).query(sqlOrCursor);
    const askedAt = this.watch.now();
    return this.inner.query(sqlOrCursor, parameters as unknown[]).then(
      (result) => { this.watch.succeeded(askedAt); return result as unknown as PostgresQueryResult<R>; },
      (err: unknown) => {
        this.events?.queryFailed?.(errorKind(err));
        const translated = failure(err, this.watch);
        if (translated !== err) this.#broken = true;
        throw translated;
      },
    );
  }

  /** Kysely passes true for a connection it gave up on (a failed ROLLBACK). */
  release(discard?: boolean): void {
    this.inner.release(Boolean(discard) || this.#broken);
  }
}

function failure(err: unknown, watch: OutageWatch): unknown {
  const translated = asStorageUnavailable(err);
  if (translated !== err) watch.failed(err);
  return translated;
}
