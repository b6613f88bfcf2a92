// Real Redis for the tests that need one: TEST_REDIS_URL (exported by .ci/run, which starts Redis),
// else redis://127.0.0.1:6379. The server is shared, so each test uses its own key prefix and
// deletes its keys afterwards. Without Redis those tests fail loudly in CI (CI=true) and are
// skipped locally with a message saying why. `startPrivateRedis` runs a throw-away redis-server
// on its own port, for tests that stop Redis under a running Seatgate.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

export async function redisReachable(url = REDIS_URL): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** `describe` when Redis is up; otherwise a loud failure in CI, or a skip with a message locally. */
export function describeWithRedis(up: boolean): (name: string, fn: () => void) => void {
  if (up) return describe;
  if (process.env.CI === 'true') {
    return (name) => describe(name, () => {
      test('needs Redis', () => { throw new Error(`Redis is not reachable at ${REDIS_URL}; .ci/run starts it before the tests`); });
    });
  }
  return (name, fn) => {
    process.stderr.write(`skipping "${name}": no Redis at ${REDIS_URL} (start one, or set TEST_REDIS_URL)\n`);
    describe.skip(name, fn);
  };
}

export function uniquePrefix(): string {
  return `seatgate-test:${randomBytes(6).toString('hex')}:`;
}

export async function redisKeys(prefix: string, url = REDIS_URL): Promise<string[]> {
  const client = new Redis(url, { maxRetriesPerRequest: 0 });
  try {
    return await client.keys(`${prefix}*`);
  } finally {
    client.disconnect();
  }
}

export async function deleteKeys(prefix: string, url = REDIS_URL): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 0 });
  try {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
  } finally {
    client.disconnect();
  }
}

export interface PrivateRedis { url: string; port: number; stop(): Promise<void>; restart(): Promise<void> }

/** A redis-server of our own on a free loopback port, stoppable and restartable on that port. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess = await launch(port);
  return {
    url: `redis://127.0.0.1:${port}`, port,
    stop: async () => { await kill(child); },
    restart: async () => { child = await launch(port); },
  };
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`redis-server did not start: ${out}`)); }, 10_000);
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('Ready to accept connections')) { clearTimeout(timer); resolve(child); }
    });
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGKILL'); });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
