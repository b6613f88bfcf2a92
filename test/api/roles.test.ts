// The permission table, proven three ways: docs/roles.md renders exactly PERMISSIONS; every
// admin-API route answers 403 ROLE_FORBIDDEN over HTTP to exactly the API-key roles the table
// denies; and the role-change rules hold for member and primary-owner actors (which API keys
// cannot be) at the domain level.
import fs from 'node:fs';
import { Router } from 'express';
import { describeEachDatabase } from '../support/databases.js';
import { json } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg, uniqueSlug } from '../support/fixtures.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { provision } from '../../src/domain/members/provision.js';
import { systemClock } from '../../src/domain/clock.js';
import { can, PERMISSIONS, type Permission } from '../../src/domain/roles/permissions.js';
import { ApiRoutes } from '../../src/api/define-route.js';
import { ROUTE_GROUPS } from '../../src/api/router.js';
import { changeRole, transferPrimaryOwner } from '../../src/domain/roles/role-changes.js';
import { listEvents } from '../../src/domain/log/provisioning-log.js';
import type { Role } from '../../src/db/schema.js';

const ROLES: Role[] = ['primary_owner', 'owner', 'admin', 'member'];

test('docs/roles.md shows exactly the permission table in the code', () => {
  const doc = fs.readFileSync(new URL('../../docs/roles.md', import.meta.url), 'utf8');
  const table = /<!-- permission-table:start -->([\s\S]*?)<!-- permission-table:end -->/.exec(doc)?.[1] ?? '';
  const rows = table.trim().split('\n').slice(2).map((line) => line.split('|').slice(1, -1).map((c) => c.trim()));
  const documented = Object.fromEntries(rows.map((cells) => [cells[0]!.replace(/`/g, ''), ROLES.filter((_, i) => cells[2 + i] === '✓')]));
  const inCode = Object.fromEntries(Object.entries(PERMISSIONS).map(([p, roles]) => [p, ROLES.filter((r) => (roles as readonly Role[]).includes(r))]));
  expect(documented).toEqual(inCode);
});

describeEachDatabase('the permission table over HTTP', (kind) => {
  let s: TestServer;
  const keys: Record<string, string> = {};
  const specs = new ApiRoutes().specs;

  beforeAll(async () => {
    s = await startTestServer(kind);
    const org = await makeOrg(s.db.db, { premium: 0, standard: 3 });
    keys.owner = (await createApiKey(s.db.db, org.org.id, 'owner', 'owner', systemClock)).secret;
    keys.admin = (await createApiKey(s.db.db, org.org.id, 'admin', 'admin', systemClock)).secret;
    const routes = new ApiRoutes();
    for (const group of ROUTE_GROUPS) group(Router(), routes, { db: s.db.db, clock: systemClock, config: s.config, mailer: { send: async () => { throw new Error('no mail in this test'); } }, txtResolver: { resolveTxt: async () => [] } });
    specs.push(...routes.specs);
  });
  afterAll(async () => { await s?.stop(); });

  test('declares every route with a permission from the table', () => {
    expect(specs.length).toBeGreaterThanOrEqual(26);
    for (const spec of specs) expect(Object.keys(PERMISSIONS)).toContain(spec.permission);
  });

  test.each(['owner', 'admin'] as const)('each route refuses an %s key exactly when the table denies its permission', async (role) => {
    const outcomes: string[] = [];
    for (const spec of specs) {
      const path = '/api/v1' + spec.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const res = await fetch(s.url + path, {
        method: spec.method.toUpperCase(),
        headers: { authorization: `Bearer ${keys[role]}`, 'content-type': 'application/json' },
        ...(spec.method === 'get' ? {} : { body: '{}' }),
      });
      const body: any = res.headers.get('content-type')?.includes('json') ? await res.json() : {};
      const forbidden = res.status === 403 && body?.error?.code === 'ROLE_FORBIDDEN';
      outcomes.push(`${spec.method} ${spec.path} ${spec.permission}: ${forbidden ? 'forbidden' : 'allowed'}`);
    }
    const expected = specs.map((spec) => `${spec.method} ${spec.path} ${spec.permission}: ${can(role, spec.permission as Permission) ? 'allowed' : 'forbidden'}`);
    expect(outcomes).toEqual(expected);
  });
});

describeEachDatabase('role changes', (kind) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(kind); });
  afterAll(async () => { await s?.stop(); });

  async function orgWithPeople() {
    const slug = uniqueSlug('r');
    const o = await makeOrg(s.db.db, { premium: 0, standard: 5 }, { slug, primaryOwnerEmail: `po@${slug}.example.com` });
    const add = async (name: string, role: Role) => (await provision(s.db.db, { path: 'scim', active: true, fields: { orgId: o.org.id, userName: `${name}@${o.domain}`, email: `${name}@${o.domain}`, role } }, ctx())).id;
    return { orgId: o.org.id, po: o.primaryOwner!.id, owner: await add('olga', 'owner'), admin: await add('adam', 'admin'), member: await add('mia', 'member') };
  }

  test.each([
    ['a member cannot promote anyone', 'member', 'member', 'admin'],
    ['an admin cannot make an owner', 'admin', 'member', 'owner'],
    ['an admin cannot demote an owner', 'admin', 'owner', 'member'],
    ['an owner cannot assign primary owner', 'owner', 'member', 'primary_owner'],
    ['even the primary owner cannot assign primary owner', 'primary_owner', 'member', 'primary_owner'],
    ['nobody demotes the primary owner by a role change', 'primary_owner', 'po', 'owner'],
  ] as const)('%s', async (_name, actor, target, to) => {
    const p = await orgWithPeople();
    const id = target === 'po' ? p.po : p[target];
    await expect(changeRole(s.db.db, p.orgId, actor, id, to as Role, ctx())).rejects.toMatchObject({ code: 'ROLE_FORBIDDEN' });
  });

  test('an owner makes a member an admin, and the change is logged with from and to', async () => {
    const p = await orgWithPeople();
    const m = await changeRole(s.db.db, p.orgId, 'owner', p.member, 'admin', ctx());
    expect(m.role).toBe('admin');
    const { events } = await listEvents(s.db.db, p.orgId, { events: ['member.role_changed'] });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ memberId: p.member, detail: { from: 'member', to: 'admin' } });
  });

  test('the primary owner transfers the role in one step and stays an owner; exactly one primary owner remains', async () => {
    const p = await orgWithPeople();
    const r = await transferPrimaryOwner(s.db.db, p.orgId, { role: 'primary_owner', memberId: p.po }, p.admin, ctx());
    expect([r.former.role, r.current.role]).toEqual(['owner', 'primary_owner']);
    const pos = await s.db.db.selectFrom('members').select('id').where('org_id', '=', p.orgId).where('role', '=', 'primary_owner').execute();
    expect(pos.map((x) => x.id)).toEqual([p.admin]);
    const { events } = await listEvents(s.db.db, p.orgId, { events: ['member.role_changed'] });
    expect(events).toHaveLength(2);
  });

  test.each([
    ['an owner', 'owner'], ['an admin', 'admin'], ['a member', 'member'],
  ] as const)('%s cannot transfer the primary owner role, even naming themselves', async (_n, role) => {
    const p = await orgWithPeople();
    await expect(transferPrimaryOwner(s.db.db, p.orgId, { role: 'primary_owner', memberId: p[role] }, p.member, ctx())).rejects.toMatchObject({ code: 'ROLE_FORBIDDEN' });
    await expect(transferPrimaryOwner(s.db.db, p.orgId, { role, memberId: p[role] }, p.member, ctx())).rejects.toMatchObject({ code: 'ROLE_FORBIDDEN' });
  });

  test('an API key (an owner without a person) cannot transfer the primary owner role over HTTP', async () => {
    const p = await orgWithPeople();
    const key = (await createApiKey(s.db.db, p.orgId, 'owner', 'k', systemClock)).secret;
    const res = await fetch(`${s.url}/api/v1/primary-owner`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ memberId: p.member }) });
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('ROLE_FORBIDDEN');
  });

  test('the primary owner cannot be removed before a transfer', async () => {
    const p = await orgWithPeople();
    const key = (await createApiKey(s.db.db, p.orgId, 'owner', 'k', systemClock)).secret;
    const res = await fetch(`${s.url}/api/v1/members/${p.po}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(403);
    expect((await s.db.db.selectFrom('members').select('status').where('id', '=', p.po).executeTakeFirstOrThrow()).status).toBe('active');
  });
});
