// What every edge answers while the database cannot be reached — the embedded database closed
// under the app, or a PostgreSQL URL where nothing listens: SCIM 503 + Retry-After in SCIM form,
// the admin API 503 JSON, a person a readable "try again" page with a way back; never 401, 404
// or 500. Credentials are well-formed but cannot be checked, which is exactly the point: an
// unverifiable token is an outage, not a wrong token.
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, type DatabaseKind } from '../../src/db/connection.js';
import { PGlitePool } from '../../src/db/pglite-pool.js';
import type { Database } from '../../src/db/schema.js';
import { issueSecret } from '../../src/domain/access/secrets.js';
import { API_KEY_KIND } from '../../src/domain/access/api-keys.js';
import { TOKEN_KIND } from '../../src/domain/scim-tokens/tokens.js';
import type { TestDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';

interface Broken { db: TestDatabase; breakIt(): Promise<void> }

const VARIANTS: Array<[string, () => Promise<Broken>]> = [
  // PGlite cannot go away, but it can be closed under a running app (a shutdown racing a request).
  ['pglite, closed under the app', async () => {
    const pglite = new PGlite();
    await pglite.waitReady;
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new PGlitePool(pglite) }) });
    return { db: handle(db, 'pglite', () => db.destroy()), breakIt: () => pglite.close() };
  }],
  ['postgres, nothing listening', async () => {
    const h = await openDatabase({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/nothing', poolMax: 2 });
    return { db: handle(h.db, 'postgres', h.close), breakIt: async () => {} };
  }],
];

function handle(db: Kysely<Database>, kind: DatabaseKind, close: () => Promise<void>): TestDatabase {
  return { db, kind, location: 'test', close, url: null, openAnotherPool: () => { throw new Error('unused'); } };
}

describe.each(VARIANTS)('while the database is unavailable [%s]', (_name, makeDb) => {
  let s: TestServer;
  let broken: Broken;
  beforeAll(async () => {
    broken = await makeDb();
    s = await startTestServer(broken.db.kind, { db: broken.db });
    await broken.breakIt();
  });
  afterAll(async () => { await s?.stop(); await broken?.db.close(); });

  const html = { accept: 'text/html,application/xhtml+xml' };

  test('SCIM answers 503 with Retry-After in SCIM form, never 401', async () => {
    const res = await fetch(`${s.url}/scim/v2/Users?filter=${encodeURIComponent('userName eq "a@example.com"')}`, {
      headers: { authorization: `Bearer ${issueSecret(TOKEN_KIND).secret}` },
    });
    expect([res.status, res.headers.get('retry-after'), res.headers.get('content-type')]).toEqual([503, '5', expect.stringMatching(/^application\/scim\+json/)]);
    expect(await res.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503' });
  });

  test('the admin API answers 503 JSON STORAGE_UNAVAILABLE with Retry-After, not 401 or 500', async () => {
    const res = await fetch(`${s.url}/api/v1/seats`, { headers: { authorization: `Bearer ${issueSecret(API_KEY_KIND).secret}` } });
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '5']);
    const body = await res.json() as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'STORAGE_UNAVAILABLE', message: 'Temporarily unavailable' });
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|closed/);
  });

  test('a session cookie that cannot be checked (no key loadable) is 503, not "not signed in"', async () => {
    const res = await fetch(`${s.url}/me`, { headers: { cookie: 'seatgate_session=x.y.z' } });
    expect(res.status).toBe(503);
    expect((await res.json() as { error: { code: string } }).error.code).toBe('STORAGE_UNAVAILABLE');
  });

  test('the sign-in page is a readable 503 "try again" page that links back to itself and to sign-in', async () => {
    const res = await fetch(`${s.url}/login?email=someone%40example.com&return_to=%2F`, { headers: html, redirect: 'manual' });
    expect([res.status, res.headers.get('retry-after'), res.headers.get('content-type')]).toEqual([503, '5', expect.stringMatching(/^text\/html/)]);
    const page = await res.text();
    expect(page).toContain('<title>Temporarily unavailable · Seatgate</title>');
    expect(page).toMatch(/cannot reach its database.*try again in a minute/i);
    expect(page).toContain('<a href="/login?email=someone%40example.com&amp;return_to=%2F">Try again</a>');
    expect(page).toContain('<a href="/login">Back to sign-in</a>');
  });

  test.each([
    ['an SSO start', 'GET', `/sso/oidc/${randomUUID()}/login`, true],
    ['an invitation link', 'GET', '/invite/sginv_whatever', true],
    ['a SAML response (one-time: start again instead of repeating it)', 'POST', `/sso/saml/${randomUUID()}/acs`, false],
    ['an OIDC callback (one-time)', 'GET', `/sso/oidc/${randomUUID()}/callback?code=c&state=s`, false],
  ])('%s shows the same page, with "Try again" only where repeating is safe', async (_what, method, path, retry) => {
    const res = await fetch(`${s.url}${path}`, {
      method, headers: { ...html, ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(method === 'POST' ? { body: 'SAMLResponse=PHg%2B' } : {}), redirect: 'manual',
    });
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '5']);
    const page = await res.text();
    expect(page).toContain('Temporarily unavailable');
    expect(page).toContain('<a href="/login">Back to sign-in</a>');
    expect(page.includes('>Try again</a>')).toBe(retry);
    if (method === 'POST') expect(page).toMatch(/may not have been saved/);
  });

  test('/healthz keeps answering 200 while /readyz answers 503', async () => {
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${s.url}/readyz`)).status).toBe(503);
  });
});
