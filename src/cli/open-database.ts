// Which database a CLI command works on, and the migration rule for each case:
// - DATABASE_URL: the PostgreSQL server, migrated first (as every Seatgate process does; the
//   migrator's advisory lock makes concurrent runs take turns).
// - embedded, and a live Seatgate holds DATA_DIR's lock: that process's database, through the
//   socket it shares in DATA_DIR/run. Never migrated from here: changing the schema under a
//   running server could break it. A schema that differs from this CLI's is refused
//   (SCHEMA_MISMATCH) with what to do; the server migrates when it starts.
// - embedded, nobody holds it: opened (locked) and migrated by this process, as before.
// Which one it chose is logged at debug level only.
import fs from 'node:fs';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { openDatabase, type DatabaseHandle } from '../db/connection.js';
import { lockOwner } from '../db/data-dir-lock.js';
import { socketPath } from '../db/data-dir-socket.js';
import { connectToServerSocket, isNotServed } from '../db/server-socket-client.js';
import { migrateToLatest, schemaStatus, type MigrationReport } from '../db/migrate.js';
import { DataDirInUse, DataDirNotShared, SchemaMismatch } from '../db/errors.js';

export interface CliDatabase { handle: DatabaseHandle; migration: MigrationReport; serverPid: number | null }

export interface OpenOptions {
  log: Logger;
  /** How long to wait for a live owner's socket to answer (a server still starting up). */
  waitMs?: number;
  /** Told once when the wait is noticeable (a person at a terminal deserves to know). */
  onWait?: (pid: number) => void;
}

export async function openCliDatabase(config: Readonly<Config>, options: OpenOptions): Promise<CliDatabase> {
  if (config.databaseUrl) {
    const handle = await openDatabase({ databaseUrl: config.databaseUrl, poolMax: 2 });
    options.log.debug({ database: handle.location }, 'using the PostgreSQL server of DATABASE_URL');
    return { handle, migration: await migrateOrClose(handle), serverPid: null };
  }
  const started = Date.now();
  const deadline = started + (options.waitMs ?? 60_000);
  let told = false;
  for (;;) {
    const owner = lockOwner(config.dataDir);
    if (owner === null) {
      const own = await openOwn(config.dataDir);
      if (own) {
        options.log.debug({ database: own.location }, 'no Seatgate server holds DATA_DIR: opened the embedded database directly');
        return { handle: own, migration: await migrateOrClose(own), serverPid: null };
      }
    } else {
      const shared = await openShared(config.dataDir, owner);
      if (shared) {
        options.log.debug({ socket: socketPath(config.dataDir), serverPid: owner }, 'a Seatgate server holds DATA_DIR: using its database through its socket');
        return { handle: shared, migration: await checkSchema(shared, owner), serverPid: owner };
      }
      if (Date.now() >= deadline) {
        throw new DataDirNotShared(config.dataDir, owner, fs.existsSync(socketPath(config.dataDir)) ? 'it refuses connections' : 'it has no socket');
      }
      if (!told && Date.now() - started > 2000) { told = true; options.onWait?.(owner); }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Null when a server took the directory in the meantime (then the loop uses its socket). */
async function openOwn(dataDir: string): Promise<DatabaseHandle | null> {
  try {
    return await openDatabase({ dataDir });
  } catch (err) {
    if (err instanceof DataDirInUse) return null;
    throw err;
  }
}

/** Null while the owner does not serve its socket (still starting, or not a server). */
async function openShared(dataDir: string, owner: number): Promise<DatabaseHandle | null> {
  try {
    return await connectToServerSocket(dataDir, owner);
  } catch (err) {
    if (isNotServed(err)) return null;
    throw err;
  }
}

async function migrateOrClose(handle: DatabaseHandle): Promise<MigrationReport> {
  try {
    return await migrateToLatest(handle.db);
  } catch (err) {
    await handle.close();
    throw err;
  }
}

async function checkSchema(handle: DatabaseHandle, owner: number): Promise<MigrationReport> {
  const status = await schemaStatus(handle.db);
  if (status.unknown.length || status.pending.length) {
    await handle.close();
    throw new SchemaMismatch(status.current, status.latest, status.unknown.length ? 'ahead' : 'behind', owner);
  }
  return { applied: [], current: status.current };
}
