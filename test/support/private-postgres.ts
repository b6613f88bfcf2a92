// A PostgreSQL server of the test's own, for tests that stop and restart the database under a
// running Seatgate: a fresh cluster (initdb) in a temp dir, on a free loopback port, with trust
// auth and its unix socket inside that dir, run as the `postgres` OS user when we are root (initdb
// refuses root). The shared server on 5432 is never touched. The binaries are discovered here and
// nowhere else: `pg_config --bindir`, else the newest /usr/lib/postgresql/<version>/bin (Debian).
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const DEBIAN_ROOT = '/usr/lib/postgresql';

export type StopMode = 'smart' | 'fast' | 'immediate';

export interface PrivateCluster {
  port: number;
  /** postgresql://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  stop(mode: StopMode): Promise<void>;
  start(): Promise<void>;
  /** Stops the server if it runs and removes its directory; safe to call twice. */
  destroy(): Promise<void>;
}

/** The directory holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function findPostgresBinDir(): string | null {
  const candidates: string[] = [];
  try { candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()); } catch { /* not on PATH */ }
  try {
    const versions = fs.readdirSync(DEBIAN_ROOT).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(DEBIAN_ROOT, v, 'bin')));
  } catch { /* not Debian-style */ }
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) ?? null;
}

/** Why a private cluster cannot be made here, or null when it can. */
export function privateClusterUnavailable(): string | null {
  if (!findPostgresBinDir()) return `no PostgreSQL binaries (initdb, pg_ctl) found via pg_config --bindir or ${DEBIAN_ROOT}/<version>/bin`;
  if (isRoot() && !hasUser('postgres')) return 'running as root but there is no "postgres" OS user to run initdb as';
  return null;
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const bin = findPostgresBinDir();
  if (!bin) throw new Error(privateClusterUnavailable() ?? 'no PostgreSQL binaries');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-pg-'));
  const dataDir = path.join(dir, 'data');
  if (isRoot()) execFileSync('chown', ['postgres:', dir]);
  const port = await freePort();
  const pg = (tool: string, args: string[]) => asPostgresUser(path.join(bin, tool), args);
  let running = false;
  const start = async () => {
    await pg('pg_ctl', ['start', '-w', '-t', '60', '-D', dataDir, '-l', path.join(dir, 'server.log'),
      '-o', `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c max_connections=50`]);
    running = true;
  };
  try {
    await pg('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    await start();
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    port,
    url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop: async (mode) => {
      await pg('pg_ctl', ['stop', '-w', '-t', '60', '-m', mode, '-D', dataDir]);
      running = false;
    },
    destroy: async () => {
      if (running) await pg('pg_ctl', ['stop', '-w', '-t', '60', '-m', 'immediate', '-D', dataDir]).catch(() => {});
      running = false;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function asPostgresUser(file: string, args: string[]): Promise<void> {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  try {
    await run(cmd, argv, { cwd: os.tmpdir(), timeout: 120_000 });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${path.basename(file)} ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}`);
  }
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function hasUser(name: string): boolean {
  try { execFileSync('id', ['-u', name], { stdio: 'ignore' }); return true; } catch { return false; }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
