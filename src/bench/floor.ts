// The floor: the same SCIM-shaped HTTP load — `userName eq` lookups and creates, from this
// process with fetch at concurrency 16 — against (a) a minimal express 5 + pg server doing one
// indexed SELECT per lookup and one INSERT per create (floor-server.ts) and (b) Seatgate's
// /scim/v2/Users, both as their own processes on the same PostgreSQL database, in interleaved
// slices. Each Seatgate figure is reported as a ratio to the floor's. PostgreSQL only: the floor
// is node-postgres, and PGlite cannot be shared by two processes.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarizeProfiles } from './profile-summary.js';
import { sql } from 'kysely';
import type { BenchSuite } from './suite.js';
import { combine, measure, type Measurement } from './measure.js';
import { startFloor, startSeatgate, type ServerProcess } from './processes.js';
import { createOrg } from '../domain/orgs/orgs.js';
import { createScimToken } from '../domain/scim-tokens/tokens.js';
import { systemClock } from '../domain/clock.js';

export const CONCURRENCY = 16;
const SLICES = 6;
const GOALS = { lookup: 0.8, create: 0.6 } as const;
const action = { method: 'cli' as const, actor: { type: 'cli' as const, label: 'bench' }, clock: systemClock };

type Side = 'floor' | 'seatgate';
interface Target { base: string; headers: Record<string, string> }

export const floorSuite: BenchSuite = {
  name: 'floor',
  async run(ctx) {
    if (!ctx.kinds.includes('postgres')) return '## The floor: Seatgate vs a minimal express + pg handler\n\nNot measured: needs a PostgreSQL server.';
    const users = ctx.size('floorUsers', 10_000, 100);
    const operations = ctx.size('floorOperations', 6000, 60);
    const handle = await ctx.freshDatabase('postgres', 4);
    let floor: ServerProcess | null = null;
    let seatgate: ServerProcess | null = null;
    try {
      const { org } = await createOrg(handle.db, { name: 'Floor', slug: `floor-${randomBytes(4).toString('hex')}`, domains: ['floor.example.com'],
        seats: { standard: operations + 100, premium: 0 } }, action);
      const { secret } = await createScimToken(handle.db, org.id, 'bench', systemClock);
      const profileDir = ctx.profile ? fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-floor-prof-')) : null;
      [floor, seatgate] = [await startFloor(handle.url!), await startSeatgate(handle.url!, {}, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
      ctx.log(`floor: preloading ${users} users on each side`);
      await preload(handle.db, org.id, users);
      const targets: Record<Side, Target> = {
        floor: { base: `${floor.base}/orgs/${org.id}`, headers: { 'content-type': 'application/scim+json' } },
        seatgate: { base: `${seatgate.base}/scim/v2`, headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' } },
      };
      // Warm both (JIT, pools, the token cache) before anything is timed.
      for (const side of ['floor', 'seatgate'] as const) await lookups(targets[side], 0, 200, users);
      const rssAtRest = seatgate.rssMiB();
      const slices: Record<Side, { lookup: Measurement[]; create: Measurement[] }> = { floor: { lookup: [], create: [] }, seatgate: { lookup: [], create: [] } };
      for (let s = 0; s < SLICES; s++) {
        const first = Math.floor((operations * s) / SLICES);
        const count = Math.floor((operations * (s + 1)) / SLICES) - first;
        // Alternate who goes first, so neither always runs on a machine the other just warmed or heated.
        const order: Side[] = s % 2 ? ['seatgate', 'floor'] : ['floor', 'seatgate'];
        for (const side of order) slices[side].lookup.push(await lookups(targets[side], first, count, users));
        for (const side of order) slices[side].create.push(await creates(targets[side], first, count));
        ctx.log(`floor: slice ${s + 1}/${SLICES} done`);
      }
      const rssAfter = seatgate.rssMiB();
      const r = (side: Side, k: 'lookup' | 'create') => combine(slices[side][k]);
      let profile = '';
      if (profileDir) {
        await seatgate.stop();
        seatgate = null;
        profile = `\n\n${summarizeProfiles(profileDir)}`;
        fs.rmSync(profileDir, { recursive: true, force: true });
      }
      return render(users, operations, { lookup: [r('floor', 'lookup'), r('seatgate', 'lookup')], create: [r('floor', 'create'), r('seatgate', 'create')] },
        rssAtRest, rssAfter) + profile;
    } finally {
      await floor?.stop();
      await seatgate?.stop();
      await handle.close();
    }
  },
};

async function preload(db: Parameters<typeof createOrg>[0], orgId: string, users: number): Promise<void> {
  await sql`insert into members (org_id, user_name, email, status, seat_tier, created_via, scim_attributes)
    select ${orgId}::uuid, 'pre' || g || '@floor.example.com', 'pre' || g || '@floor.example.com', 'suspended', null, 'scim', '{}'::jsonb
    from generate_series(1, ${users}::int) g`.execute(db);
  await sql`insert into floor_users (org_id, user_name, body)
    select ${orgId}::uuid, 'pre' || g || '@floor.example.com', jsonb_build_object('userName', 'pre' || g || '@floor.example.com', 'active', false)
    from generate_series(1, ${users}::int) g`.execute(db);
  await sql`analyze`.execute(db);
}

function lookups(t: Target, first: number, count: number, users: number): Promise<Measurement> {
  return checked(measure(count, CONCURRENCY, async (i) => {
    const n = 1 + (((first + i) * 7919) % users);
    const filter = encodeURIComponent(`userName eq "PRE${n}@floor.example.com"`);
    const res = await fetch(`${t.base}/Users?filter=${filter}&startIndex=1&count=100`, { headers: t.headers });
    const body = await res.json() as { totalResults?: number };
    if (res.status !== 200 || body.totalResults !== 1) throw new Error(`lookup answered ${res.status}`);
  }), 'lookup');
}

function creates(t: Target, first: number, count: number): Promise<Measurement> {
  return checked(measure(count, CONCURRENCY, async (i) => {
    const userName = `new${first + i}@floor.example.com`;
    const res = await fetch(`${t.base}/Users`, { method: 'POST', headers: t.headers, body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, name: { givenName: 'New', familyName: `User ${first + i}` },
      emails: [{ value: userName, type: 'work', primary: true }], active: true,
    }) });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`create answered ${res.status}`);
  }), 'create');
}

async function checked(m: Promise<Measurement>, what: string): Promise<Measurement> {
  const result = await m;
  if (result.failures) throw new Error(`${result.failures} ${what}s failed; the benchmark expects all to succeed`);
  return result;
}

function render(users: number, operations: number, rows: Record<'lookup' | 'create', [Measurement, Measurement]>, rssAtRest: number, rssAfter: number): string {
  const f = (n: number, d = 0) => n.toFixed(d);
  const line = (name: 'lookup' | 'create') => {
    const [floor, seatgate] = rows[name];
    const ratio = seatgate.perSecond / floor.perSecond;
    const p99 = seatgate.p99Ms / floor.p99Ms;
    const goal = `${ratio >= GOALS[name] ? 'met' : 'missed'} (≥ ${GOALS[name]}); p99 ${p99 <= 2 ? 'met' : 'missed'} (≤ 2×)`;
    return `| ${name} | ${f(floor.perSecond)} | ${f(floor.p50Ms, 1)} / ${f(floor.p99Ms, 1)} | ${f(seatgate.perSecond)} | ` +
      `${f(seatgate.p50Ms, 1)} / ${f(seatgate.p99Ms, 1)} | ${f(ratio, 2)} | ${f(p99, 2)}× | ${goal} |`;
  };
  return [
    '## The floor: Seatgate vs a minimal express + pg handler',
    '',
    `Same PostgreSQL database, same load generator (fetch from the bench process, concurrency ${CONCURRENCY}), both servers as their own processes with ` +
    `20 pooled connections. ${operations} lookups and ${operations} creates per side, in ${SLICES} interleaved slices (the side that goes first alternates). ` +
    `Lookups are \`GET /Users?filter=userName eq "…"&startIndex=1&count=100\` over ${users} preloaded users per side. ` +
    'The floor (src/bench/floor-server.ts) does one indexed SELECT per lookup and one INSERT per create, without authentication; ' +
    'Seatgate authenticates the token, claims a seat, writes the member and two log rows, and renders SCIM.',
    '',
    '| operation | floor req/s | floor p50 / p99 ms | Seatgate req/s | Seatgate p50 / p99 ms | throughput ÷ floor | p99 ÷ floor | goal |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    line('lookup'),
    line('create'),
    '',
    `Seatgate RSS: ${f(rssAtRest)} MiB at rest (after warm-up), ${f(rssAfter)} MiB at the end of the load (goal < 200 MB).`,
  ].join('\n');
}
