// The client side of the database socket: a one-connection node-postgres pool to the socket a
// running server shares in DATA_DIR/run (data-dir-socket.ts). One connection, because the server's
// PGlite is one connection anyway: a second one could only wait for the first.
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from './connection.js';
import { socketDir, socketPath } from './data-dir-socket.js';

/** Connects and asks one question, so that a socket nobody serves fails here rather than later. */
export async function connectToServerSocket(dataDir: string, serverPid: number): Promise<DatabaseHandle> {
  const url = `postgresql://postgres@/postgres?host=${encodeURIComponent(socketDir(path.resolve(dataDir)))}`;
  const handle = await openDatabase({ databaseUrl: url, poolMax: 1, connectionTimeoutMs: 5000 });
  try {
    await sql`select 1`.execute(handle.db);
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
  return { ...handle, kind: 'pglite', location: `${socketPath(path.resolve(dataDir))} (the server's, pid ${serverPid})` };
}

/** A connection failure that means "nobody serves this socket (yet)", as opposed to a database error. */
export function isNotServed(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE') return true;
    if (/Connection terminated|timeout exceeded when trying to connect/i.test((e as Error).message ?? '')) return true;
  }
  return false;
}
