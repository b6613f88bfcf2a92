// Scratch experiment (not committed): cheaper claim paths with the same semantics.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from './dist/db/connection.js';
import { migrateToLatest } from './dist/db/migrate.js';
import { createOrg } from './dist/domain/orgs/orgs.js';
import { provision } from './dist/domain/members/provision.js';
import { pickTier } from './dist/domain/seats/allocator.js';
import { inTransaction } from './dist/db/transaction.js';
import { measure } from './dist/bench/measure.js';
import { systemClock } from './dist/domain/clock.js';

const SERVER = 'postgres://postgres@127.0.0.1:5432/test';
const action = { method: 'scim', actor: { type: 'system', label: 'bench' }, clock: systemClock, requestId: null };
const name = `seatgate_exp_${randomBytes(4).toString('hex')}`;
const admin = async (q) => { const c = new pg.Client(SERVER); await c.connect(); try { await c.query(q); } finally { await c.end(); } };
await admin(`create database ${name}`);
const h = await openDatabase({ databaseUrl: SERVER.replace('/test', '/' + name), poolMax: 24 });
await migrateToLatest(h.db);
const db = h.db;

async function newOrg(n) {
  const slug = `x-${randomBytes(5).toString('hex')}`;
  const { org } = await createOrg(db, { name: slug, slug, domains: [`${slug}.example.com`], seats: { premium: Math.floor(n / 2), standard: n - Math.floor(n / 2) } }, action);
  return { id: org.id, domain: `${slug}.example.com` };
}

// B: member + both log rows in one statement, inside the lock.
async function fused(orgId, userName, precheck) {
  return inTransaction(db, async (tx) => {
    if (precheck) {
      const taken = await tx.selectFrom('members').select('id').where('org_id', '=', orgId).where('status', '<>', 'deprovisioned')
        .where((eb) => eb.fn('lower', ['user_name']), '=', userName.toLowerCase()).executeTakeFirst();
      if (taken) throw new Error('taken');
    }
    const tier = await pickTier(tx, orgId);
    const now = new Date();
    const { rows } = await sql`with m as (
        insert into members (org_id, user_name, email, role, status, seat_tier, created_via, created_at, updated_at)
        values (${orgId}, ${userName}, ${userName}, 'member', 'active', ${tier}, 'scim', ${now}, ${now}) returning *),
      e as (insert into provisioning_events (org_id, occurred_at, event, outcome, member_id, subject, method, actor_type, actor_label, tier, detail)
        select ${orgId}, ${now}, v.event, 'success', m.id, ${userName}, 'scim', 'system', 'bench', v.tier, v.detail::jsonb
        from m, (values ('member.created', null, '{"role":"member"}'), ('seat.claimed', ${tier}, null)) as v(event, tier, detail))
      select * from m`.execute(tx);
    return rows[0];
  }, { userName });
}

const variants = {
  baseline: (org, i) => { const u = `u${i}@${org.domain}`; return provision(db, { orgId: org.id, userName: u, email: u }, action); },
  fused: (org, i) => fused(org.id, `u${i}@${org.domain}`, true),
  fusedNoPrecheck: (org, i) => fused(org.id, `u${i}@${org.domain}`, false),
};
const N = Number(process.argv[2] ?? 400);
for (const round of [1, 2]) {
  for (const c of [1, 16]) {
    for (const [label, fn] of Object.entries(variants)) {
      const org = await newOrg(N);
      const m = await measure(N, c, (i) => fn(org, i));
      console.log(`round ${round} c=${c} ${label}: ${m.perSecond.toFixed(0)}/s p50 ${m.p50Ms.toFixed(1)} p99 ${m.p99Ms.toFixed(1)} failures ${m.failures}`);
    }
  }
}
const bad = await sql`select p.tier, p.claimed, (select count(*)::int from members m where m.org_id=p.org_id and m.seat_tier=p.tier and m.status='active') as holders from seat_pools p`.execute(db);
console.log('invariant violations', bad.rows.filter((r) => r.claimed !== r.holders).length);
await h.close();
await admin(`drop database ${name} with (force)`);
