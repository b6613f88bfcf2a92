// Where a running server shares its embedded database: a Unix socket in DATA_DIR/run/, named as
// PostgreSQL names its own (`.s.PGSQL.5432`), so node-postgres and psql reach it with the
// directory as their host. The socket is the whole database, so the directory is the owner's
// alone (0700, not a symlink, owned by this user) and the socket file is 0600.
import fs from 'node:fs';
import path from 'node:path';

export const SOCKET_PORT = 5432;

/** Linux keeps at most 107 bytes of a socket path (sun_path); macOS 103. */
const MAX_SOCKET_PATH = process.platform === 'linux' ? 107 : 103;

export class SocketPathUnusable extends Error {}

export function socketDir(dataDir: string): string {
  return path.resolve(dataDir, 'run');
}

export function socketPath(dataDir: string): string {
  return path.join(socketDir(dataDir), `.s.PGSQL.${SOCKET_PORT}`);
}

/** Creates (or checks) the socket directory and removes a socket left by a process that died. */
export function prepareSocketDir(dataDir: string): string {
  const dir = socketDir(dataDir);
  const file = socketPath(dataDir);
  if (Buffer.byteLength(file) > MAX_SOCKET_PATH) {
    throw new SocketPathUnusable(`the socket path ${file} is longer than ${MAX_SOCKET_PATH} bytes; use a shorter DATA_DIR`);
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory()) throw new SocketPathUnusable(`${dir} is not a directory`);
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    throw new SocketPathUnusable(`${dir} belongs to another user`);
  }
  fs.chmodSync(dir, 0o700);
  removeStaleSocket(dataDir);
  return file;
}

/** Only call while holding the DATA_DIR lock: then any socket there belongs to a dead process. */
export function removeStaleSocket(dataDir: string): void {
  fs.rmSync(socketPath(dataDir), { force: true });
}
