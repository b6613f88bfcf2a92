// Rate limits of the admin API (per API key, per session), the sign-in endpoints (per client
// address, TRUST_PROXY respected) and failed authentications (per client address: random tokens
// are refused before the database once the budget is spent, known credentials go on). Limits
// with an hour-long window make every assertion independent of timing.
import { randomBytes } from 'node:crypto';
import { DATABASE_KINDS, createTestDatabase, describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { hourly, onlyLimits } from '../support/rate-limits.js';
import { addTestSamlConnection, postToAcs, startSamlLogin, type SamlSetup } from '../support/saml-flow.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { createScimToken } from '../../src/domain/scim-tokens/tokens.js';
import { systemClock } from '../../src/domain/clock.js';

const api = (s: TestServer, path: string, headers: Record<string, string>) => fetch(`${s.url}/api/v1${path}`, { headers: { accept: 'application/json', ...headers } });

async function expectApiRateLimited(res: Response, message: RegExp): Promise<void> {
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  expect(await res.json()).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(message), requestId: expect.any(String) } });
}

async function expectPage(res: Response): Promise<void> {
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await res.text();
  expect(html).toContain('<h1>Too many requests</h1>');
  expect(html).toContain('Your network address sent more than 3 requests per second');
}

describeEachDatabase('admin API rate limits', (kind) => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  beforeAll(async () => {
    s = await startTestServer(kind, { rateLimitPolicy: onlyLimits({ api: hourly(3), session: hourly(2) }) });
    const domain = `rl-${randomBytes(3).toString('hex')}.example.com`;
    org = await makeOrg(s.db.db, { premium: 0, standard: 5 }, { domain, primaryOwnerEmail: `olga@${domain}` });
    saml = await addTestSamlConnection(s.db.db, s.url, org.org.id);
  });
  afterAll(async () => { await s?.stop(); });

  async function signIn(local: string): Promise<string> {
    const { requestId } = await startSamlLogin(s.url, saml.conn.id);
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `${local}@${org.domain}`, nameId: `idp-${local}` });
    const out = await postToAcs(s.url, saml.conn.id, response);
    if (!out.cookie) throw new Error(`sign-in of ${local} failed: ${out.status} ${out.code}`);
    return out.cookie;
  }

  test('per API key: the fourth request in the hour is 429 in JSON and does not touch the key; another key goes on', async () => {
    const { key, secret } = await createApiKey(s.db.db, org.org.id, 'admin', 'script', systemClock);
    for (let i = 0; i < 3; i++) expect((await api(s, '/org', { authorization: `Bearer ${secret}` })).status).toBe(200);
    const longAgo = new Date(Date.now() - 2 * 3600_000);
    await s.db.db.updateTable('api_keys').set({ last_used_at: longAgo }).where('id', '=', key.id).execute();
    const refused = await api(s, '/org', { authorization: `Bearer ${secret}` });
    await expectApiRateLimited(refused, /^This API key sent more than 3 requests per second .*changed nothing/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect((await s.db.db.selectFrom('api_keys').select('last_used_at').where('id', '=', key.id).executeTakeFirstOrThrow()).last_used_at).toEqual(longAgo);
    const other = await createApiKey(s.db.db, org.org.id, 'admin', 'other', systemClock);
    expect((await api(s, '/org', { authorization: `Bearer ${other.secret}` })).status).toBe(200);
  });

  test('per session: the admin API and /me share the allowance, a page for a browser; another session goes on', async () => {
    const olga = await signIn('olga');
    expect((await api(s, '/org', { cookie: olga })).status).toBe(200);
    expect((await fetch(`${s.url}/me`, { headers: { cookie: olga } })).status).toBe(200);
    await expectApiRateLimited(await api(s, '/org', { cookie: olga }), /^This session sent more than 2 requests per second/);
    const page = await fetch(`${s.url}/me`, { headers: { cookie: olga, accept: 'text/html' } });
    expect(page.status).toBe(429);
    expect(await page.text()).toContain('<h1>Too many requests</h1>');
    const mia = await signIn('mia');
    expect((await api(s, '/org', { cookie: mia })).status).toBe(200);
  });
});

// Not a storage test: one database variant is enough.
const kind = DATABASE_KINDS.includes('postgres') ? 'postgres' : 'pglite';

describe(`sign-in endpoints per client address [${kind}]`, () => {
  test('/login and every /sso endpoint share one allowance per address, answered with a readable page', async () => {
    const s = await startTestServer(kind, { rateLimitPolicy: onlyLimits({ login: hourly(3) }) });
    try {
      const org = await makeOrg(s.db.db, { premium: 0, standard: 1 });
      const saml = await addTestSamlConnection(s.db.db, s.url, org.org.id); // its metadata fetch is the first
      const html = { accept: 'text/html' };
      expect((await fetch(`${s.url}/login`, { headers: html })).status).toBe(200);
      expect((await fetch(`${s.url}/sso/saml/${saml.conn.id}/login`, { redirect: 'manual' })).status).toBe(302);
      await expectPage(await fetch(`${s.url}/login`, { headers: html }));
      await expectPage(await fetch(`${s.url}/sso/saml/${saml.conn.id}/metadata`, { headers: html }));
      await expectPage(await fetch(`${s.url}/sso/oidc/${saml.conn.id}/callback?state=x&code=y`, { headers: html }));
      await expectPage(await fetch(`${s.url}/me`, { headers: html }));
    } finally {
      await s.stop();
    }
  });

  test.each([
    ['TRUST_PROXY=true counts each forwarded client on its own', 'true', [200, 200, 200, 429, 200]],
    ['without TRUST_PROXY a forged X-Forwarded-For does not escape the limit', 'false', [200, 200, 200, 429, 429]],
  ])('%s', async (_name, trustProxy, expected) => {
    const s = await startTestServer(kind, { env: { TRUST_PROXY: trustProxy }, rateLimitPolicy: onlyLimits({ login: hourly(3) }) });
    try {
      const from = (ip: string) => fetch(`${s.url}/login`, { headers: { 'x-forwarded-for': ip } }).then((r) => r.status);
      const statuses = [];
      for (const ip of ['203.0.113.7', '203.0.113.7', '203.0.113.7', '203.0.113.7', '203.0.113.8']) statuses.push(await from(ip));
      expect(statuses).toEqual(expected);
    } finally {
      await s.stop();
    }
  });
});

describeEachDatabase('failed authentications per client address', (kind) => {
  test('past the budget, unknown tokens get 429 before the database while a known token goes on', async () => {
    const db = await createTestDatabase(kind);
    const s = await startTestServer(kind, { db, rateLimitPolicy: onlyLimits({}, { points: 3, windowSeconds: 3600 }) });
    try {
      const org = await makeOrg(s.db.db, { premium: 0, standard: 1 });
      const known = (await createScimToken(s.db.db, org.org.id, 'known', systemClock)).secret;
      const unused = (await createScimToken(s.db.db, org.org.id, 'unused', systemClock)).secret;
      const key = (await createApiKey(s.db.db, org.org.id, 'admin', 'known', systemClock)).secret;
      const users = (token: string) => fetch(`${s.url}/scim/v2/Users`, { headers: { authorization: `Bearer ${token}` } });
      const random = () => `sgscim_${randomBytes(32).toString('base64url')}`;
      expect((await users(known)).status).toBe(200);
      expect((await api(s, '/org', { authorization: `Bearer ${key}` })).status).toBe(200);

      for (let i = 0; i < 3; i++) expect((await users(random())).status).toBe(401);
      const sprayed = await users(random());
      expect(sprayed.status).toBe(429);
      expect(sprayed.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(await sprayed.json()).toEqual({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429',
        detail: expect.stringMatching(/^Too many failed authentications came from your network address/),
      });
      expect((await fetch(`${s.url}/scim/v2/Users`)).status).toBe(429);
      await expectApiRateLimited(await api(s, '/org', { authorization: `Bearer sgkey_${randomBytes(32).toString('base64url')}` }), /failed authentications/);

      expect((await users(known)).status).toBe(200);
      expect((await api(s, '/org', { authorization: `Bearer ${key}` })).status).toBe(200);
      // A valid token never seen from anywhere waits like any unknown one (docs/operations.md).
      expect((await users(unused)).status).toBe(429);
      // Refused before the token is looked up: the same answer with the database gone.
      await db.close();
      expect((await users(random())).status).toBe(429);
      expect((await users(known)).status).toBe(503);
    } finally {
      await s.stop();
    }
  });
});
