// A SCIM list is one SQL statement: the page and its exact totalResults come back together
// (src/scim/resource-queries.ts). Every statement the app sends is seen through Kysely's log
// hook; those that read members, groups or the per-org counters are counted per request, so a
// second query (a separate count, an OFFSET fallback…) fails these tests. The answers are checked
// too: keyset pages after the first equal what OFFSET would give, and the trigger-kept total
// follows creates and deletes.
import { Kysely, PostgresDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from '../../src/db/schema.js';
import { PGlitePool } from '../../src/db/pglite-pool.js';
import { openServerPool } from '../../src/db/server-pool.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { scim, scimOrg, user, type ScimOrg } from './support.js';

const LISTING = /\b(members|groups|org_list_counts)\b/i;

async function loggedDatabase(kind: 'pglite' | 'postgres', seen: string[]): Promise<TestDatabase> {
  const log = (e: { level: string; query: { sql: string } }) => { seen.push(e.query.sql); };
  if (kind === 'pglite') {
    const pglite = new PGlite();
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new PGlitePool(pglite) }), log });
    await migrateToLatest(db);
    return { db, kind, location: 'memory', url: null, close: () => db.destroy(), openAnotherPool: () => { throw new Error('unused'); } };
  }
  const server = await createTestDatabase('postgres', 2);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: openServerPool({ url: server.url!, max: 4, connectionTimeoutMs: 5000 }) }), log });
  return { ...server, db, close: async () => { await db.destroy(); await server.close(); } };
}

describeEachDatabase('SCIM lists are one statement', (kind) => {
  const seen: string[] = [];
  let db: TestDatabase;
  let s: TestServer;
  let o: ScimOrg;
  const names = Array.from({ length: 7 }, (_, i) => `lister${i}@example.com`);

  /** GET `path` and the statements it sent that read a listing. */
  async function get(path: string) {
    seen.length = 0;
    const res = await scim(o, 'GET', path);
    return { res, statements: seen.filter((q) => LISTING.test(q)) };
  }

  beforeAll(async () => {
    db = await loggedDatabase(kind, seen);
    s = await startTestServer(kind, { db });
    o = await scimOrg(s, { standard: 20, premium: 0 });
    for (const n of names) expect((await scim(o, 'POST', '/Users', user(n, { displayName: `Lister ${n}` }))).status).toBe(201);
  }, 120_000);
  afterAll(async () => { await s?.stop(); await db?.close(); });

  test.each([
    ['the first page of an unfiltered list', '/Users?startIndex=1&count=3'],
    ['a page past the end', '/Users?startIndex=50&count=3'],
    ['count=0 (totalResults only)', '/Users?count=0'],
    ['a userName eq lookup, as Okta sends before every create', `/Users?filter=${encodeURIComponent('userName eq "LISTER3@example.com"')}&startIndex=1&count=100`],
    ['a lookup that finds nobody', `/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}`],
    ['a filter matching several', `/Users?filter=${encodeURIComponent('displayName sw "Lister"')}&startIndex=2&count=2`],
    ['a sorted list', '/Users?sortBy=userName&sortOrder=descending&count=2'],
    ['groups without their members', '/Groups?excludedAttributes=members'],
  ])('%s', async (_name, path) => {
    const { res, statements } = await get(path);
    expect(res.status).toBe(200);
    expect(statements).toHaveLength(1);
  });

  test('totals are exact in every shape of list', async () => {
    expect((await get('/Users?startIndex=50&count=3')).res.body).toMatchObject({ totalResults: 7, itemsPerPage: 0, Resources: [] });
    expect((await get('/Users?count=0')).res.body).toMatchObject({ totalResults: 7, itemsPerPage: 0 });
    expect((await get(`/Users?filter=${encodeURIComponent('userName eq "LISTER3@example.com"')}`)).res.body)
      .toMatchObject({ totalResults: 1, Resources: [{ userName: names[3] }] });
    expect((await get(`/Users?filter=${encodeURIComponent('displayName sw "Lister"')}&startIndex=2&count=2`)).res.body)
      .toMatchObject({ totalResults: 7, startIndex: 2, itemsPerPage: 2 });
  });

  test('paging an import by startIndex gives every user once, in creation order, one statement per page (keyset after page 1)', async () => {
    const got: string[] = [];
    for (let start = 1; start <= names.length; start += 2) {
      const { res, statements } = await get(`/Users?startIndex=${start}&count=2`);
      expect(statements).toHaveLength(1);
      if (start > 1) expect(statements[0]).toMatch(/\(created_at, id\) >/);
      expect(res.body.totalResults).toBe(7);
      got.push(...res.body.Resources.map((r: { userName: string }) => r.userName));
    }
    expect(got).toEqual(names);
    // Straight to a page this process has not served: OFFSET, same answer.
    const { res, statements } = await get('/Users?startIndex=6&count=2');
    expect(statements).toHaveLength(1);
    expect(res.body.Resources.map((r: { userName: string }) => r.userName)).toEqual(names.slice(5, 7));
  });

  test('the unfiltered total follows creates and deletes (trigger-kept counter)', async () => {
    const created = await scim(o, 'POST', '/Users', user('lister-extra@example.com'));
    expect((await get('/Users?count=0')).res.body.totalResults).toBe(8);
    expect((await scim(o, 'DELETE', `/Users/${created.body.id}`)).status).toBe(204);
    expect((await get('/Users?count=0')).res.body.totalResults).toBe(7);
    const g = await scim(o, 'POST', '/Groups', { displayName: 'Listers' });
    expect((await get('/Groups?count=0')).res.body.totalResults).toBe(1);
    await scim(o, 'DELETE', `/Groups/${g.body.id}`);
    expect((await get('/Groups?count=0')).res.body.totalResults).toBe(0);
  });
});
