// Which driver errors mean "the database cannot be reached right now" rather than "this query is
// wrong": the server is shutting down, restarting or refusing connections (SQLSTATE 57P01–57P03,
// 53300, class 08), the socket broke or nothing listens (ECONNREFUSED, ECONNRESET, …), the pool
// found no free connection in time. This is the one list; the driver boundary (server-pool.ts)
// turns everything on it into STORAGE_UNAVAILABLE, so no caller has to know pg's error shapes.
import { StorageUnavailable } from './errors.js';

const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const SOCKET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH',
  'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN',
]);
// node-postgres and pg-pool say these in words only (pg 8: client.js, pg-pool index.js).
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|is not queryable|Client was closed/i;

export function isConnectionFailure(err: unknown): boolean {
  if (err instanceof StorageUnavailable) return true;
  if (typeof err !== 'object' || err === null) return false;
  const { code, message, errors } = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SQLSTATES.has(code) || SOCKET_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (typeof message === 'string' && MESSAGES.test(message)) return true;
  // Node reports a failed connect to a name with several addresses (localhost) as an AggregateError.
  return Array.isArray(errors) && errors.some(isConnectionFailure);
}

/** `err` as STORAGE_UNAVAILABLE when it is a connection failure, otherwise unchanged. */
export function asStorageUnavailable(err: unknown): unknown {
  if (err instanceof StorageUnavailable || !isConnectionFailure(err)) return err;
  return new StorageUnavailable(err);
}
