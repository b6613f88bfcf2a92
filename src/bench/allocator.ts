// Seat claims per second and latency through `provision` (the path every arrival takes), against
// a bare conditional UPDATE … RETURNING on the same seat_pools table, measured the same way.
// All claims target one org, so they contend on its pool rows: the worst case for the allocator.
// The two workloads run in alternating slices, so both see the same machine load and the ratio
// stays meaningful on a busy machine.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { BenchContext, BenchSuite } from './suite.js';
import type { DatabaseKind } from '../db/connection.js';
import { combine, measure, type Measurement } from './measure.js';
import { createOrg } from '../domain/orgs/orgs.js';
import { provision } from '../domain/members/provision.js';
import { systemClock } from '../domain/clock.js';
import type { ActionContext } from '../domain/context.js';

export const CONCURRENCY = [1, 16, 64] as const;
/** Connections per pool: one Seatgate process's worth, shared with other users of the server. */
export const POOL_MAX = 24;
const GOAL_RATIO = 3;
const SLICES = 5;

const action: ActionContext = { method: 'scim', actor: { type: 'system', label: 'bench' }, clock: systemClock, requestId: null };

interface Row { kind: DatabaseKind; claim: Measurement; bare: Measurement }

export const allocatorSuite: BenchSuite = {
  name: 'allocator',
  async run(ctx) {
    const operations = Math.max(50, Math.round(2000 * ctx.scale));
    const rows: Row[] = [];
    for (const kind of ctx.kinds) {
      const database = await ctx.freshDatabase(kind, POOL_MAX);
      try {
        await warmUp(database.db);
        for (const concurrency of CONCURRENCY) {
          const claimOrg = await newOrg(database.db, seatsFor(operations));
          const bareOrg = await newOrg(database.db, { premium: 0, standard: operations });
          const claims: Measurement[] = [];
          const bares: Measurement[] = [];
          for (let slice = 0; slice < SLICES; slice++) {
            const first = Math.floor((operations * slice) / SLICES);
            const count = Math.floor((operations * (slice + 1)) / SLICES) - first;
            claims.push(await measureClaims(database.db, claimOrg, first, count, concurrency));
            bares.push(await measureBareUpdate(database.db, bareOrg, count, concurrency));
          }
          const claim = combine(claims);
          const bare = combine(bares);
          ctx.log(`allocator ${kind} c=${concurrency}: claim ${claim.perSecond.toFixed(0)}/s, bare UPDATE ${bare.perSecond.toFixed(0)}/s`);
          rows.push({ kind, claim, bare });
        }
      } finally {
        await database.close();
      }
    }
    return render(rows, operations);
  },
};

type Db = Awaited<ReturnType<BenchContext['freshDatabase']>>['db'];

async function newOrg(db: Db, seats: { premium: number; standard: number }): Promise<{ id: string; domain: string }> {
  const slug = `bench-${randomBytes(5).toString('hex')}`;
  const domain = `${slug}.example.com`;
  const { org } = await createOrg(db, { name: slug, slug, domains: [domain], seats }, action);
  return { id: org.id, domain };
}

function seatsFor(operations: number): { premium: number; standard: number } {
  const premium = Math.floor(operations / 2);
  return { premium, standard: operations - premium };
}

async function warmUp(db: Db): Promise<void> {
  await measureClaims(db, await newOrg(db, seatsFor(50)), 0, 50, 8);
  await measureBareUpdate(db, await newOrg(db, { premium: 0, standard: 50 }), 50, 8);
}

/** Arrivals `first` … `first + count - 1` at an org with a seat for each of them: all succeed. */
async function measureClaims(db: Db, org: { id: string; domain: string }, first: number, count: number, concurrency: number): Promise<Measurement> {
  const result = await measure(count, concurrency, (i) => {
    const userName = `user${first + i}@${org.domain}`;
    return provision(db, { path: 'scim', active: true, fields: { orgId: org.id, userName, email: userName } }, action);
  });
  if (result.failures) throw new Error(`${result.failures} claims failed; the benchmark expects all to succeed`);
  return result;
}

/** The floor: one statement per claim on its own org's pool row, nothing else. */
async function measureBareUpdate(db: Db, org: { id: string }, count: number, concurrency: number): Promise<Measurement> {
  const result = await measure(count, concurrency, async () => {
    const { rows } = await sql<{ claimed: number }>`update seat_pools set claimed = claimed + 1
      where org_id = ${org.id} and tier = 'standard' and claimed < purchased returning claimed`.execute(db);
    if (rows.length !== 1) throw new Error('no seat left');
  });
  if (result.failures) throw new Error(`${result.failures} bare updates failed`);
  return result;
}

function render(rows: Row[], operations: number): string {
  const f = (n: number, digits = 0) => n.toFixed(digits);
  const lines = [
    '## Seat allocator: claims through `provision` vs a bare conditional UPDATE',
    '',
    `Each cell: ${operations} claims at one organization with exactly that many seats (half premium), so every claim ` +
    'contends for the same pool rows. "Claim" is `provision()` — the path of every SCIM, JIT and invite arrival: a ' +
    'transaction whose one statement locks the pool rows, picks the tier, inserts the member (a trigger bumps `claimed`) and ' +
    'writes two provisioning-log rows. "Bare UPDATE" is `UPDATE seat_pools SET claimed = claimed + 1 WHERE org_id = $1 ' +
    'AND tier = $2 AND claimed < purchased RETURNING claimed`, autocommitted, on another org of the same table. ' +
    `The two run in ${SLICES} alternating slices so that both see the same machine load. ` +
    `Concurrency is the number of operations in flight; the pool has at most ${POOL_MAX} connections (PGlite has one).`,
    '',
    '| database | concurrency | claims/s | claim p50 ms | claim p99 ms | bare UPDATE/s | bare p50 ms | bare p99 ms | bare ÷ claim | goal ≤ 3× |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|',
    ...rows.map(({ kind, claim, bare }) => {
      const ratio = bare.perSecond / claim.perSecond;
      const goal = kind === 'postgres' ? (ratio <= GOAL_RATIO ? 'met' : `missed by ${f(ratio / GOAL_RATIO, 1)}×`) : 'n/a';
      return `| ${kind} | ${claim.concurrency} | ${f(claim.perSecond)} | ${f(claim.p50Ms, 2)} | ${f(claim.p99Ms, 2)} | ` +
        `${f(bare.perSecond)} | ${f(bare.p50Ms, 2)} | ${f(bare.p99Ms, 2)} | ${f(ratio, 1)}× | ${goal} |`;
    }),
  ];
  return lines.join('\n');
}
