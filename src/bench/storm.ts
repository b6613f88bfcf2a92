// An import storm: hundreds of SCIM creates per second for one org (Entra's initial cycle, an
// Okta "push all"), each a seat claim queued on that org's pool rows. POST /Users over HTTP
// against the app in this process (so PGlite is measured too) at c=16 and c=64, in slices
// interleaved with the floor — a bare conditional UPDATE on another org's pool row — measured
// the same way; RSS of this process before and after.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { BenchSuite } from './suite.js';
import type { DatabaseKind } from '../db/connection.js';
import { combine, measure, type Measurement } from './measure.js';
import { createApp } from '../http/app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { systemClock } from '../domain/clock.js';
import { createOrg } from '../domain/orgs/orgs.js';
import { createScimToken } from '../domain/scim-tokens/tokens.js';

const CONCURRENCY = [16, 64] as const;
const SLICES = 4;
const action = { method: 'cli' as const, actor: { type: 'cli' as const, label: 'bench' }, clock: systemClock };

interface Row { kind: DatabaseKind; concurrency: number; claim: Measurement; bare: Measurement }

export const stormSuite: BenchSuite = {
  name: 'storm',
  async run(ctx) {
    const claims = ctx.size('stormClaims', 2000, 64);
    const rows: Row[] = [];
    const rss: string[] = [];
    for (const kind of ctx.kinds) {
      const handle = await ctx.freshDatabase(kind, 20);
      const server = createServer();
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const config = Object.freeze({ ...loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_SCIM_PER_SECOND: '0' }), publicUrl: url });
      server.on('request', createApp({ db: handle.db, dbKind: 'bench', config, logger: createLogger('silent', 2), clock: systemClock }));
      const before = process.memoryUsage().rss / 2 ** 20;
      try {
        for (const concurrency of CONCURRENCY) {
          const slug = `storm-${randomBytes(4).toString('hex')}`;
          const { org } = await createOrg(handle.db, { name: slug, slug, domains: [`${slug}.example.com`], seats: { standard: claims, premium: 0 } }, action);
          const bare = await createOrg(handle.db, { name: `${slug}-bare`, slug: `${slug}-bare`, domains: [`${slug}-bare.example.com`], seats: { standard: claims, premium: 0 } }, action);
          const { secret } = await createScimToken(handle.db, org.id, 'bench', systemClock);
          const claimSlices: Measurement[] = [];
          const bareSlices: Measurement[] = [];
          for (let s = 0; s < SLICES; s++) {
            const first = Math.floor((claims * s) / SLICES);
            const count = Math.floor((claims * (s + 1)) / SLICES) - first;
            claimSlices.push(await checked(measure(count, concurrency, async (i) => {
              const userName = `u${first + i}@${slug}.example.com`;
              const res = await fetch(`${url}/scim/v2/Users`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' },
                body: JSON.stringify({ userName, emails: [{ value: userName, primary: true }], active: true }) });
              await res.arrayBuffer();
              if (res.status !== 201) throw new Error(`create answered ${res.status}`);
            })));
            bareSlices.push(await checked(measure(count, concurrency, async () => {
              const { rows: r } = await sql`update seat_pools set claimed = claimed + 1 where org_id = ${bare.org.id} and tier = 'standard' and claimed < purchased returning claimed`.execute(handle.db);
              if (r.length !== 1) throw new Error('no seat left');
            })));
          }
          const row = { kind, concurrency, claim: combine(claimSlices), bare: combine(bareSlices) };
          ctx.log(`storm ${kind} c=${concurrency}: ${row.claim.perSecond.toFixed(0)} claims/s over SCIM, bare ${row.bare.perSecond.toFixed(0)}/s`);
          rows.push(row);
        }
      } finally {
        rss.push(`${kind}: ${before.toFixed(0)} → ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
        await new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
        await handle.close();
      }
    }
    return render(rows, claims, rss);
  },
};

async function checked(m: Promise<Measurement>): Promise<Measurement> {
  const r = await m;
  if (r.failures) throw new Error(`${r.failures} operations failed; the storm expects all to succeed`);
  return r;
}

function render(rows: Row[], claims: number, rss: string[]): string {
  const f = (n: number, d = 0) => n.toFixed(d);
  return [
    '## Import storm: SCIM creates for one org vs a bare conditional UPDATE',
    '',
    `Each cell: ${claims} \`POST /Users\` for one org with exactly that many seats, over HTTP to the app in the bench process (rate limit off), ` +
    `in ${SLICES} slices interleaved with as many bare \`UPDATE seat_pools SET claimed = claimed + 1 WHERE … AND claimed < purchased\` on another org's row. ` +
    'Pool: 20 connections (PGlite: one).',
    '',
    '| database | concurrency | creates/s | create p50 / p99 ms | bare UPDATE/s | bare p50 / p99 ms | bare ÷ create | p99 goal (c=64, < 500 ms) |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.kind} | ${r.concurrency} | ${f(r.claim.perSecond)} | ${f(r.claim.p50Ms, 1)} / ${f(r.claim.p99Ms, 1)} | ${f(r.bare.perSecond)} | ` +
      `${f(r.bare.p50Ms, 1)} / ${f(r.bare.p99Ms, 1)} | ${f(r.bare.perSecond / r.claim.perSecond, 1)}× | ${r.concurrency === 64 ? (r.claim.p99Ms < 500 ? 'met' : 'missed') : ''} |`),
    '',
    `RSS of the bench process (app and load generator together): ${rss.join('; ')}.`,
  ].join('\n');
}
