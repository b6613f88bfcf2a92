// SCIM benchmark: create-user throughput and p99 at concurrency 16 over HTTP; `userName eq`
// lookup p99 with 100,000 users (bulk-inserted with SQL); one PATCH adding 10,000 members to a
// group. Sizes scale with ctx.scale (BENCH_QUICK runs a small version).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { BenchContext, BenchSuite } from './suite.js';
import type { DatabaseKind } from '../db/connection.js';
import { createApp } from '../http/app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { systemClock } from '../domain/clock.js';
import { createOrg } from '../domain/orgs/orgs.js';
import { createScimToken } from '../domain/scim-tokens/tokens.js';

const CONCURRENCY = 16;
const action = { method: 'cli' as const, actor: { type: 'cli' as const, label: 'bench' }, clock: systemClock };

export const scimSuite: BenchSuite = {
  name: 'scim',
  async run(ctx) {
    const lines = ['## SCIM', '', '| database | creates | create throughput (users/s, c=16) | create p50 / p99 (ms) | users for lookup | `userName eq` p50 / p99 (ms) | 10,000-member group PATCH (ms) |', '|---|---|---|---|---|---|---|'];
    for (const kind of ctx.kinds) lines.push(await runKind(ctx, kind));
    lines.push('', 'Over HTTP on loopback against the real app. Creates go through `provision()` (seat claim, member, log rows in one transaction).',
      '`userName eq` uses the `(org_id, lower(user_name))` index; the lookup org holds the bulk-inserted users.',
      'The per-token rate limit is off here (one token far above 50/s); the limiter itself costs one in-memory look-up per request.');
    return lines.join('\n');
  },
};

async function runKind(ctx: BenchContext, kind: DatabaseKind): Promise<string> {
  const creates = Math.max(50, Math.round(2000 * ctx.scale));
  const lookupUsers = Math.max(1000, Math.round(100_000 * ctx.scale));
  const groupSize = Math.max(500, Math.round(10_000 * Math.min(1, ctx.scale * 10)));
  const handle = await ctx.freshDatabase(kind, 20);
  const { server, base } = await listen(handle.db);
  try {
    const org = await createOrg(handle.db, { name: 'Bench', slug: `bench-${kind}`, domains: ['bench.example.com'], seats: { standard: creates, premium: 0 } }, action);
    const { secret } = await createScimToken(handle.db, org.org.id, 'bench', systemClock);
    ctx.log(`scim[${kind}]: ${creates} creates at concurrency ${CONCURRENCY}`);
    const started = performance.now();
    const createTimes = await pool(creates, async (i) => {
      const res = await call(base, secret, 'POST', '/Users', { userName: `u${i}@bench.example.com`, emails: [{ value: `u${i}@bench.example.com`, primary: true }], active: true });
      if (res !== 201) throw new Error(`create answered ${res}`);
    });
    const elapsed = (performance.now() - started) / 1000;

    ctx.log(`scim[${kind}]: bulk-inserting ${lookupUsers} users`);
    await sql`insert into members (org_id, user_name, email, status, seat_tier, created_via, scim_attributes)
      select ${org.org.id}::uuid, 'bulk' || g || '@bench.example.com', 'bulk' || g || '@bench.example.com', 'suspended', null, 'scim', '{}'::jsonb
      from generate_series(1, ${lookupUsers}::int) g`.execute(handle.db);
    await sql`analyze members`.execute(handle.db);
    const lookups = Math.max(200, Math.round(2000 * Math.min(1, ctx.scale * 10)));
    const lookupTimes = await pool(lookups, async (i) => {
      const n = 1 + ((i * 7919) % lookupUsers);
      const res = await call(base, secret, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "BULK${n}@bench.example.com"`)}&startIndex=1&count=100`);
      if (res !== 200) throw new Error(`lookup answered ${res}`);
    });

    ctx.log(`scim[${kind}]: group PATCH with ${groupSize} members`);
    const ids = (await sql<{ id: string }>`select id from members where org_id = ${org.org.id}::uuid order by id limit ${groupSize}`.execute(handle.db)).rows.map((r) => r.id);
    const groupRes = await fetch(`${base}/Groups`, { method: 'POST', headers: headers(secret), body: JSON.stringify({ displayName: 'Everyone' }) });
    const group = await groupRes.json() as { id: string };
    const t0 = performance.now();
    const patch = await call(base, secret, 'PATCH', `/Groups/${group.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }],
    });
    const patchMs = performance.now() - t0;
    if (patch !== 204) throw new Error(`group PATCH answered ${patch}`);
    return `| ${kind} | ${creates} | ${(creates / elapsed).toFixed(0)} | ${pct(createTimes, 50)} / ${pct(createTimes, 99)} | ${lookupUsers} | ${pct(lookupTimes, 50)} / ${pct(lookupTimes, 99)} | ${groupSize === 10_000 ? '' : `(${groupSize} members) `}${patchMs.toFixed(0)} |`;
  } finally {
    await new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
    await handle.close();
  }
}

async function listen(db: import('kysely').Kysely<import('../db/schema.js').Database>): Promise<{ server: Server; base: string }> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The benchmark measures the app's own throughput from one token, far above the per-token limit.
  const config = Object.freeze({ ...loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_SCIM_PER_SECOND: '0' }), publicUrl: url });
  server.on('request', createApp({ db, dbKind: 'bench', config, logger: createLogger('silent', 2), clock: systemClock }));
  return { server, base: `${url}/scim/v2` };
}

function headers(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
}

async function call(base: string, token: string, method: string, path: string, body?: unknown): Promise<number> {
  const res = await fetch(`${base}${path}`, { method, headers: headers(token), ...(body ? { body: JSON.stringify(body) } : {}) });
  await res.arrayBuffer();
  return res.status;
}

/** Runs `n` tasks with CONCURRENCY workers; returns each task's duration in ms. */
async function pool(n: number, task: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < n) {
      const i = next++;
      const t = performance.now();
      await task(i);
      times.push(performance.now() - t);
    }
  }));
  return times;
}

function pct(values: number[], p: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(1);
}
