// The bearer token decides the org: a token of org A never sees or changes anything of org B, on
// every endpoint. Another org's objects answer 404 (never 403, which would confirm they exist).
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { scim, scimOrg, user, type ScimOrg } from './support.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

describeEachDatabase('SCIM tenancy', (kind) => {
  let server: TestServer;
  let a: ScimOrg;
  let b: ScimOrg;
  let bUser: string;
  let bGroup: string;
  beforeAll(async () => {
    server = await startTestServer(kind);
    a = await scimOrg(server, { standard: 3, premium: 0 });
    b = await scimOrg(server, { standard: 3, premium: 0 });
    bUser = (await scim(b, 'POST', '/Users', user('b.user@example.com', { externalId: 'b-ext' }))).body.id;
    bGroup = (await scim(b, 'POST', '/Groups', { schemas: [GROUP], displayName: 'B team', members: [{ value: bUser }] })).body.id;
  });
  afterAll(async () => { await server.stop(); });

  const cases: Array<[string, (o: ScimOrg) => Promise<{ status: number; body: any }>]> = [
    ['GET /Users/:id', (o) => scim(o, 'GET', `/Users/${bUser}`)],
    ['PUT /Users/:id', (o) => scim(o, 'PUT', `/Users/${bUser}`, user('b.user@example.com', { active: false }))],
    ['PATCH /Users/:id', (o) => scim(o, 'PATCH', `/Users/${bUser}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] })],
    ['DELETE /Users/:id', (o) => scim(o, 'DELETE', `/Users/${bUser}`)],
    ['GET /Groups/:id', (o) => scim(o, 'GET', `/Groups/${bGroup}`)],
    ['PUT /Groups/:id', (o) => scim(o, 'PUT', `/Groups/${bGroup}`, { schemas: [GROUP], displayName: 'Taken over' })],
    ['PATCH /Groups/:id', (o) => scim(o, 'PATCH', `/Groups/${bGroup}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: 'members' }] })],
    ['DELETE /Groups/:id', (o) => scim(o, 'DELETE', `/Groups/${bGroup}`)],
  ];

  test.each(cases)("org A's token gets 404 for org B's object: %s", async (_n, call) => {
    const res = await call(a);
    expect(res.status).toBe(404);
  });

  test.each([
    ['userName', '/Users?filter=userName eq "b.user@example.com"'],
    ['externalId', '/Users?filter=externalId eq "b-ext"'],
    ['id', `/Users?filter=id eq "{{bUser}}"`],
    ['all users', '/Users'],
    ['group by name', '/Groups?filter=displayName eq "B team"'],
    ['group by member', '/Groups?filter=members[value eq "{{bUser}}"]'],
    ['all groups', '/Groups'],
  ])("org A's lists never show org B's objects (%s)", async (_n, path) => {
    const [p, query] = path.replace(/\{\{bUser\}\}/g, bUser).split('?');
    const res = await scim(a, 'GET', query ? `${p}?${query.replace(/^filter=/, 'filter=' + '').replace(/filter=(.*)$/, (_m, f: string) => `filter=${encodeURIComponent(f)}`)}` : p!);
    expect([res.status, res.body.totalResults]).toEqual([200, 0]);
  });

  test("org A cannot add org B's user to its own group", async () => {
    const res = await scim(a, 'POST', '/Groups', { schemas: [GROUP], displayName: 'A team', members: [{ value: bUser }] });
    expect([res.status, res.body.scimType]).toEqual([400, 'invalidValue']);
  });

  test("after every attempt, org B's user and group are untouched", async () => {
    const u = await scim(b, 'GET', `/Users/${bUser}`);
    expect(u.body).toMatchObject({ active: true, userName: 'b.user@example.com' });
    const g = await scim(b, 'GET', `/Groups/${bGroup}`);
    expect(g.body).toMatchObject({ displayName: 'B team', members: [{ value: bUser }] });
  });
});
