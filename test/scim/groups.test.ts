// /Groups over HTTP: relational members, a 10,000-member PATCH in one request and one
// transaction, members[value eq "…"] removal, excludedAttributes=members, uniqueness, and no
// partial write when one member is unknown.
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { scim, scimOrg, user, type ScimOrg } from './support.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** Inserts n suspended members with SQL (setup only: no seat, so no per-row seat trigger work). */
async function bulkMembers(server: TestServer, o: ScimOrg, n: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    insert into members (org_id, user_name, email, status, seat_tier, created_via)
    select ${o.orgId}::uuid, 'bulk' || g || '@example.com', 'bulk' || g || '@example.com', 'suspended', null, 'scim'
    from generate_series(1, ${n}::int) g returning id`.execute(server.db.db);
  return rows.map((r) => r.id);
}

describeEachDatabase('SCIM /Groups', (kind) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(kind); });
  afterAll(async () => { await server.stop(); });

  test('adds and removes 10,000 members in one PATCH each; excludedAttributes=members leaves them out', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    const ids = await bulkMembers(server, o, 10_000);
    const g = await scim(o, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Everyone' });
    expect(g.status).toBe(201);
    const add = await scim(o, 'PATCH', `/Groups/${g.body.id}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: ids.map((value) => ({ value })) }] });
    expect(add.status).toBe(204);
    const full = await scim(o, 'GET', `/Groups/${g.body.id}`);
    expect(full.body.members).toHaveLength(10_000);
    const slim = await scim(o, 'GET', `/Groups/${g.body.id}?excludedAttributes=members`);
    expect(slim.body.members).toBeUndefined();
    expect(slim.body.displayName).toBe('Everyone');
    const remove = await scim(o, 'PATCH', `/Groups/${g.body.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: 'members', value: ids.slice(0, 9_999).map((value) => ({ value })) }] });
    expect(remove.status).toBe(204);
    const left = await scim(o, 'GET', `/Groups/${g.body.id}`);
    expect(left.body.members.map((m: { value: string }) => m.value)).toEqual([ids[9_999]]);
  });

  test('members[value eq "…"] removes exactly that member; removing a non-member is a no-op', async () => {
    const o = await scimOrg(server, { standard: 3, premium: 0 });
    const a = (await scim(o, 'POST', '/Users', user('a@example.com'))).body.id;
    const b = (await scim(o, 'POST', '/Users', user('b@example.com'))).body.id;
    const g = (await scim(o, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Two', members: [{ value: a }, { value: b }] })).body.id;
    expect((await scim(o, 'PATCH', `/Groups/${g}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${a}"]` }] })).status).toBe(204);
    expect((await scim(o, 'PATCH', `/Groups/${g}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${a}"]` }] })).status).toBe(204);
    expect((await scim(o, 'GET', `/Groups/${g}`)).body.members.map((m: { value: string }) => m.value)).toEqual([b]);
    const byMember = await scim(o, 'GET', `/Groups?filter=${encodeURIComponent(`members[value eq "${b}"]`)}&excludedAttributes=members`);
    expect(byMember.body.totalResults).toBe(1);
    // Entra checks one membership this way.
    const check = (member: string) => scim(o, 'GET', `/Groups?filter=${encodeURIComponent(`id eq "${g}" and members[value eq "${member}"]`)}&excludedAttributes=members`);
    expect((await check(b)).body.totalResults).toBe(1);
    expect((await check(a)).body.totalResults).toBe(0);
  });

  test('one unknown member fails the whole PATCH with 400 invalidValue and changes nothing', async () => {
    const o = await scimOrg(server, { standard: 2, premium: 0 });
    const a = (await scim(o, 'POST', '/Users', user('a@example.com'))).body.id;
    const g = (await scim(o, 'POST', '/Groups', { schemas: [GROUP], displayName: 'G' })).body.id;
    const res = await scim(o, 'PATCH', `/Groups/${g}`, { schemas: [PATCH], Operations: [
      { op: 'replace', path: 'displayName', value: 'Renamed' },
      { op: 'add', path: 'members', value: [{ value: a }, { value: '3f0e4a51-0000-4000-8000-000000000001' }] },
    ] });
    expect([res.status, res.body.scimType]).toEqual([400, 'invalidValue']);
    const after = (await scim(o, 'GET', `/Groups/${g}`)).body;
    expect([after.displayName, after.members ?? []]).toEqual(['G', []]);
  });

  test('displayName is unique per org, case-insensitively (409 uniqueness)', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    expect((await scim(o, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Sales' })).status).toBe(201);
    const dup = await scim(o, 'POST', '/Groups', { schemas: [GROUP], displayName: 'SALES' });
    expect([dup.status, dup.body.scimType]).toEqual([409, 'uniqueness']);
  });

  test('a deleted user leaves every group; a deleted group answers 404', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    const a = (await scim(o, 'POST', '/Users', user('a@example.com'))).body.id;
    const g = (await scim(o, 'POST', '/Groups', { schemas: [GROUP], displayName: 'G', members: [{ value: a }] })).body.id;
    expect((await scim(o, 'DELETE', `/Users/${a}`)).status).toBe(204);
    expect((await scim(o, 'GET', `/Groups/${g}`)).body.members ?? []).toEqual([]);
    expect((await scim(o, 'DELETE', `/Groups/${g}`)).status).toBe(204);
    expect((await scim(o, 'GET', `/Groups/${g}`)).status).toBe(404);
  });

  test.each([
    ['a filter other than value eq', 'members[display eq "x"]'],
    ['a sub-attribute path', 'members.display'],
  ])('refuses a remove with %s (400 invalidPath)', async (_n, path) => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    const g = (await scim(o, 'POST', '/Groups', { schemas: [GROUP], displayName: 'G' })).body.id;
    const res = await scim(o, 'PATCH', `/Groups/${g}`, { schemas: [PATCH], Operations: [{ op: 'remove', path }] });
    expect([res.status, res.body.scimType]).toEqual([400, 'invalidPath']);
  });
});
