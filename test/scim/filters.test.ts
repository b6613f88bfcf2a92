// Filters run in the database (filter-to-sql): a table of {filter, expected userNames} and of
// invalid filters (400 invalidFilter), over HTTP against each database; plus paging, sorting and
// attribute selection on the same data.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { scim, scimOrg, type ScimOrg } from './support.js';

const data = JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'filters.json'), 'utf8'));
const q = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;
const names = (body: { Resources: Array<{ userName: string }> }) => body.Resources.map((r) => r.userName).sort();

describeEachDatabase('SCIM filters, paging, sorting', (kind) => {
  let server: TestServer;
  let o: ScimOrg;
  beforeAll(async () => {
    server = await startTestServer(kind);
    o = await scimOrg(server, { standard: 10, premium: 0 });
    for (const u of data.users) {
      const res = await scim(o, 'POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], ...u });
      if (res.status !== 201) throw new Error(`fixture ${u.userName}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });
  afterAll(async () => { await server.stop(); });

  test.each(data.matches as Array<{ filter: string; expected: string[] }>)('$filter', async ({ filter, expected }) => {
    const res = await scim(o, 'GET', q(filter));
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual([...expected].sort());
    expect(res.body.totalResults).toBe(expected.length);
  });

  test.each(data.invalid as Array<{ filter: string; why: string }>)('refuses $why: $filter', async ({ filter }) => {
    const res = await scim(o, 'GET', q(filter));
    expect([res.status, res.body.scimType]).toEqual([400, 'invalidFilter']);
  });

  test.each([
    ['too long', `userName eq "${'a'.repeat(2100)}"`],
    ['too many clauses', Array.from({ length: 51 }, (_, i) => `userName eq "u${i}"`).join(' or ')],
  ])('refuses a filter that is %s', async (_n, filter) => {
    const res = await scim(o, 'GET', q(filter));
    expect([res.status, res.body.scimType]).toEqual([400, 'invalidFilter']);
  });

  test('pages are stable and complete with a correct totalResults', async () => {
    const seen: string[] = [];
    for (let start = 1; start <= 4; start += 2) {
      const res = await scim(o, 'GET', `/Users?startIndex=${start}&count=2`);
      expect(res.body).toMatchObject({ totalResults: 4, startIndex: start, itemsPerPage: 2 });
      seen.push(...res.body.Resources.map((r: { userName: string }) => r.userName));
    }
    expect(seen.sort()).toEqual(data.users.map((u: { userName: string }) => u.userName).sort());
    const beyond = await scim(o, 'GET', '/Users?startIndex=10&count=2');
    expect(beyond.body).toMatchObject({ totalResults: 4, itemsPerPage: 0, Resources: [] });
    const zero = await scim(o, 'GET', '/Users?count=0');
    expect(zero.body).toMatchObject({ totalResults: 4, itemsPerPage: 0 });
  });

  test.each([['startIndex=abc'], ['count=1.5'], ['sortOrder=sideways'], ['count=1&count=2']])('refuses %s with 400 invalidValue', async (query) => {
    const res = await scim(o, 'GET', `/Users?${query}`);
    expect([res.status, res.body.scimType]).toEqual([400, 'invalidValue']);
  });

  test('sortBy/sortOrder sort in the database, case-insensitively for userName', async () => {
    const asc = await scim(o, 'GET', '/Users?sortBy=userName');
    expect(asc.body.Resources.map((r: { userName: string }) => r.userName)).toEqual(['alice@example.com', 'bob@example.com', 'Carol_100%@example.com', 'dave@example.com']);
    const desc = await scim(o, 'GET', '/Users?sortBy=name.givenName&sortOrder=descending');
    expect(desc.body.Resources.map((r: { name: { givenName: string } }) => r.name.givenName)).toEqual(['Dave', 'Carol', 'Bob', 'Alice']);
  });

  test('attributes and excludedAttributes trim the representation; id and schemas stay', async () => {
    const only = await scim(o, 'GET', `${q('userName eq "alice@example.com"')}&attributes=userName,emails`);
    expect(Object.keys(only.body.Resources[0]).sort()).toEqual(['emails', 'id', 'schemas', 'userName']);
    const without = await scim(o, 'GET', `${q('userName eq "alice@example.com"')}&excludedAttributes=emails,name`);
    expect(without.body.Resources[0].emails).toBeUndefined();
    expect(without.body.Resources[0].userName).toBe('alice@example.com');
    expect(without.body.Resources[0]['urn:seatgate:params:scim:schemas:extension:seat:2.0:User']).toEqual({ tier: 'standard' });
  });
});
