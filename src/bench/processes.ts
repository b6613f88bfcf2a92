// Servers under benchmark run as their own processes, so the load generator (this process) does
// not share their event loop, and their RSS is theirs alone: the compiled Seatgate (dist/main.js)
// and the floor server (dist/bench/floor-server.js).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerProcess { base: string; pid: number; rssMiB(): number; stop(): Promise<void> }

/** Seatgate on a PostgreSQL database, rate limits off (one bench token is far above 50/s), logging at `info` to nowhere. */
export function startSeatgate(databaseUrl: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ServerProcess> {
  return start([...nodeArgs, path.join(DIST, 'main.js')], /Seatgate listening on (http:\/\/[^\s]+)/, {
    DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', RATE_LIMIT_SCIM_PER_SECOND: '0',
    DATABASE_POOL_MAX: '20', RENEWAL_INTERVAL_SECONDS: '0', ALERT_INTERVAL_SECONDS: '0', OUTBOX_INTERVAL_MS: '0', ...env,
  }, (m) => m[1]!);
}

export function startFloor(databaseUrl: string): Promise<ServerProcess> {
  return start([path.join(DIST, 'bench', 'floor-server.js'), databaseUrl, '20'], /floor listening on (\d+)/, {}, (m) => `http://127.0.0.1:${m[1]}`);
}

function start(args: string[], ready: RegExp, env: Record<string, string>, base: (m: RegExpMatchArray) => string): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let isReady = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill(); reject(new Error(`no "${ready}" within 60 s: ${out}`)); }, 60_000);
    const onData = (d: Buffer) => {
      if (isReady) return;
      if (out.length < 10_000) out += d.toString();
      const m = out.match(ready);
      if (!m) return;
      isReady = true;
      clearTimeout(timer);
      // From here on the output is only drained: the request log goes nowhere, as to a log shipper that keeps up.
      resolve({
        base: base(m), pid: child.pid!, rssMiB: () => rssMiB(child.pid!),
        stop: () => new Promise<void>((done) => { child.once('close', () => done()); child.kill('SIGTERM'); }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('close', (code) => { clearTimeout(timer); if (!isReady) reject(new Error(`${args.join(' ')} exited (${code}) before it was ready: ${out}`)); });
  });
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}
