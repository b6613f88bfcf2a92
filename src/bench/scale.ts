// Imports at scale, on PostgreSQL with Seatgate as its own process: (1) one org bulk-loaded with
// BENCH_SCALE_MEMBERS members (generate_series, one statement), then `userName eq` and
// `externalId eq` lookups offered open-loop at BENCH_SCALE_RATE requests/s for
// BENCH_SCALE_SECONDS each (latency counted from when a request was due, so a slow server cannot
// hide its queue); (2) another org with BENCH_SCALE_IMPORT_USERS users paged through by startIndex
// with count=100, as an IdP import does, first pages vs last pages; RSS at rest and after.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { BenchSuite } from './suite.js';
import { percentile } from './measure.js';
import { startSeatgate } from './processes.js';
import { createOrg } from '../domain/orgs/orgs.js';
import { createScimToken } from '../domain/scim-tokens/tokens.js';
import { systemClock } from '../domain/clock.js';

const action = { method: 'cli' as const, actor: { type: 'cli' as const, label: 'bench' }, clock: systemClock };
const PAGE = 100;
const EDGE_PAGES = 10;

type Db = Parameters<typeof createOrg>[0];

export const scaleSuite: BenchSuite = {
  name: 'scale',
  async run(ctx) {
    const title = '## Imports at scale: lookups among a million members, paged imports';
    if (!ctx.kinds.includes('postgres')) return `${title}\n\nNot measured: needs a PostgreSQL server.`;
    const members = ctx.size('scaleMembers', 1_000_000, 1000);
    const importUsers = ctx.size('scaleImportUsers', 100_000, 1000);
    const rate = ctx.size('scaleRate', 200, 10);
    const seconds = ctx.size('scaleSeconds', 20, 2);
    const handle = await ctx.freshDatabase('postgres', 4);
    const seatgate = await startSeatgate(handle.url!);
    try {
      const big = await org(handle.db, 'big');
      const imported = await org(handle.db, 'import');
      const t0 = performance.now();
      ctx.log(`scale: bulk-loading ${members} members`);
      await bulk(handle.db, big.id, members, 'm');
      const loadSeconds = (performance.now() - t0) / 1000;
      ctx.log(`scale: bulk-loading ${importUsers} users to page through`);
      await bulk(handle.db, imported.id, importUsers, 'i');
      await sql`vacuum analyze members`.execute(handle.db);
      const auth = async (orgId: string) => ({ authorization: `Bearer ${(await createScimToken(handle.db, orgId, 'bench', systemClock)).secret}` });
      const [bigAuth, importAuth] = [await auth(big.id), await auth(imported.id)];
      const base = `${seatgate.base}/scim/v2`;
      const lookup = (attr: string, value: (n: number) => string) => async (n: number) => {
        const filter = encodeURIComponent(`${attr} eq "${value(n)}"`);
        const res = await fetch(`${base}/Users?filter=${filter}&startIndex=1&count=100`, { headers: bigAuth });
        const body = await res.json() as { totalResults?: number };
        if (res.status !== 200 || body.totalResults !== 1) throw new Error(`lookup answered ${res.status}`);
      };
      const pick = (i: number) => 1 + ((i * 7919) % members);
      await openLoop(50, 2, (i) => lookup('userName', (n) => `m${n}@big.example.com`)(pick(i)));
      const rssAtRest = seatgate.rssMiB();
      ctx.log(`scale: userName eq at ${rate}/s for ${seconds} s`);
      const byUserName = await openLoop(rate, seconds, (i) => lookup('userName', (n) => `M${n}@BIG.example.com`)(pick(i)));
      ctx.log(`scale: externalId eq at ${rate}/s for ${seconds} s`);
      const byExternalId = await openLoop(rate, seconds, (i) => lookup('externalId', (n) => `ext-m${n}`)(pick(i + 17)));
      ctx.log(`scale: paging through ${importUsers} users, count=${PAGE}`);
      const pages = await pageThrough(base, importAuth, importUsers);
      const rssAfter = seatgate.rssMiB();
      return render({ members, importUsers, rate, seconds, loadSeconds, byUserName, byExternalId, pages, rssAtRest, rssAfter });
    } finally {
      await seatgate.stop();
      await handle.close();
    }
  },
};

async function org(db: Db, name: string): Promise<{ id: string }> {
  const slug = `scale-${name}-${randomBytes(3).toString('hex')}`;
  return (await createOrg(db, { name: slug, slug, domains: [`${name}.example.com`], seats: { standard: 10, premium: 0 } }, action)).org;
}

async function bulk(db: Db, orgId: string, n: number, prefix: string): Promise<void> {
  const domain = prefix === 'm' ? 'big.example.com' : 'import.example.com';
  await sql`insert into members (org_id, user_name, email, external_id, status, seat_tier, created_via, scim_attributes, created_at, updated_at)
    select ${orgId}::uuid, ${prefix} || g || '@' || ${domain}, ${prefix} || g || '@' || ${domain}, 'ext-' || ${prefix} || g, 'suspended', null, 'scim', '{}'::jsonb,
      now() + g * interval '1 microsecond', now()
    from generate_series(1, ${n}::int) g`.execute(db);
}

interface OpenLoop { offered: number; done: number; failures: number; p50: number; p99: number; max: number }

/** Sends request i at start + i/rate whether or not earlier ones answered; latency from the due time. */
async function openLoop(rate: number, seconds: number, op: (i: number) => Promise<void>): Promise<OpenLoop> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let failures = 0;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(op(i).then(() => { latencies.push(performance.now() - due); }, () => { failures++; }));
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  return { offered: total, done: latencies.length, failures, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? NaN };
}

interface Pages { count: number; seconds: number; firstMs: number[]; lastMs: number[]; seen: number }

async function pageThrough(base: string, headers: Record<string, string>, users: number): Promise<Pages> {
  const times: number[] = [];
  let seen = 0;
  const started = performance.now();
  for (let start = 1; start <= users; start += PAGE) {
    const t = performance.now();
    const res = await fetch(`${base}/Users?startIndex=${start}&count=${PAGE}`, { headers });
    const body = await res.json() as { totalResults: number; Resources: unknown[] };
    times.push(performance.now() - t);
    if (res.status !== 200 || body.totalResults !== users) throw new Error(`page at ${start} answered ${res.status} (${body.totalResults})`);
    seen += body.Resources.length;
  }
  if (seen !== users) throw new Error(`the import saw ${seen} of ${users} users`);
  const edge = Math.min(EDGE_PAGES, Math.floor(times.length / 2));
  return { count: times.length, seconds: (performance.now() - started) / 1000, firstMs: times.slice(0, edge), lastMs: times.slice(-edge), seen };
}

function render(r: { members: number; importUsers: number; rate: number; seconds: number; loadSeconds: number; byUserName: OpenLoop; byExternalId: OpenLoop;
  pages: Pages; rssAtRest: number; rssAfter: number }): string {
  const f = (n: number, d = 1) => n.toFixed(d);
  const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 0.5);
  const first = median(r.pages.firstMs);
  const last = median(r.pages.lastMs);
  const row = (name: string, m: OpenLoop) => `| \`${name} eq\` | ${r.members} | ${r.rate}/s × ${r.seconds} s | ${m.done}/${m.offered}${m.failures ? ` (${m.failures} failed)` : ''} | ` +
    `${f(m.p50)} | ${f(m.p99)} | ${f(m.max)} | ${m.p99 < 10 ? 'met' : 'missed'} (< 10 ms) |`;
  return [
    '## Imports at scale: lookups among a million members, paged imports',
    '',
    `One org bulk-loaded with ${r.members} members in one INSERT … SELECT generate_series (${f(r.loadSeconds)} s, triggers included), Seatgate as its own process. ` +
    'Lookups are offered open-loop (each request sent when due, whatever the earlier ones are doing; latency counted from the due time).',
    '',
    '| lookup | members in the org | offered | answered | p50 ms | p99 ms | max ms | goal |',
    '|---|---:|---|---:|---:|---:|---:|---|',
    row('userName', r.byUserName),
    row('externalId', r.byExternalId),
    '',
    `Paged import: ${r.importUsers} users read by \`GET /Users?startIndex=N&count=${PAGE}\`, one page after another: ${r.pages.count} pages in ${f(r.pages.seconds)} s, every user seen once. ` +
    `Median of the first ${r.pages.firstMs.length} pages ${f(first)} ms, of the last ${r.pages.lastMs.length} ${f(last)} ms: last ÷ first ${f(last / first, 2)} ` +
    `(${last / first <= 2 ? 'met' : 'missed'}, goal ≤ 2).`,
    '',
    `Seatgate RSS: ${f(r.rssAtRest, 0)} MiB at rest (after the load and a warm-up), ${f(r.rssAfter, 0)} MiB after the lookups and the import (goal < 200 MB).`,
  ].join('\n');
}
