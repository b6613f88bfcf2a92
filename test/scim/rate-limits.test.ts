// Per-token SCIM rate limits over HTTP. With the documented defaults (50/s, burst 200 per token) a
// flood from one token gets 429s with Retry-After in RFC 7644 error form and writes nothing for
// them, while four other tenants at Microsoft's 25 requests/second each see no 429 at all. That
// one runs Seatgate as its own process (its own CPU share, apart from the test's client) on
// PostgreSQL, since PGlite's one serialized connection cannot serve five tenants' writes at that
// pace. With a limit whose window is an hour (no timing involved) a refused request leaves no
// member, no provisioning-log row and no last-used time, and is answered without the database.
import { describeEachDatabase, describeWithServer, createTestDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startNode, waitForOutput } from '../support/processes.js';
import { hourly, onlyLimits } from '../support/rate-limits.js';
import { createScimToken } from '../../src/domain/scim-tokens/tokens.js';
import { systemClock } from '../../src/domain/clock.js';
import { scim, scimOrg, user, type ScimOrg, type ScimResponse } from './support.js';

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `n` requests sent at `perSecond`, each without waiting for the one before (as an IdP's workers do). */
async function paced(o: ScimOrg, tag: string, n: number, perSecond: number): Promise<number[]> {
  const started = performance.now();
  const pending: Array<Promise<ScimResponse>> = [];
  for (let i = 0; i < n; i++) {
    await sleep(Math.max(0, started + (i * 1000) / perSecond - performance.now()));
    pending.push(i % 2
      ? scim(o, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${tag}-${i - 1}@example.com"`)}&startIndex=1&count=100`)
      : scim(o, 'POST', '/Users', user(`${tag}-${i}@example.com`)));
  }
  return (await Promise.all(pending)).map((r) => r.status);
}

/** `n` requests from `workers` concurrent workers, each sending its next as soon as one returns. */
async function flood(n: number, workers: number, send: (i: number) => Promise<ScimResponse>): Promise<ScimResponse[]> {
  const out: ScimResponse[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < n) { const i = next++; out[i] = await send(i); }
  }));
  return out;
}

function expectScimRateLimited(r: ScimResponse): void {
  expect(r.status).toBe(429);
  expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  expect(r.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  expect(r.body).toEqual({ schemas: [ERROR_SCHEMA], status: '429', detail: expect.stringMatching(/^This SCIM token sent more than \d+ requests per second .* changed nothing; retry after \d+ s\./) });
}

async function countEvents(s: Pick<TestServer, 'db'>, orgId: string, type?: string): Promise<number> {
  let q = s.db.db.selectFrom('provisioning_events').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId);
  if (type) q = q.where('event', '=', type);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

describeWithServer('SCIM rate limits with the default limits [postgres]', () => {
  let s: Pick<TestServer, 'url' | 'db'>;
  let child: ReturnType<typeof startNode>;
  beforeAll(async () => {
    const db = await createTestDatabase('postgres');
    // No RATE_LIMIT_* variables: the documented defaults.
    child = startNode(['dist/main.js'], { DATABASE_URL: db.url!, PORT: '0', HOST: '127.0.0.1', RENEWAL_INTERVAL_SECONDS: '0', ALERT_INTERVAL_SECONDS: '0' });
    s = { url: (await waitForOutput(child, /listening on (http:\/\/\S+)/))[1]!, db };
  });
  afterAll(async () => {
    child?.kill('SIGTERM');
    await child?.finished;
    await s?.db.close();
  });

  test('a flood from one token gets 429s and writes nothing for them; four tenants at 25/s see none', async () => {
    const FLOOD = 1000;
    const flooder = await scimOrg(s, { standard: FLOOD, premium: 0 });
    const tenants = await Promise.all([1, 2, 3, 4].map(() => scimOrg(s, { standard: 100, premium: 0 })));
    const eventsBefore = await countEvents(s, flooder.orgId);
    const started = performance.now();
    const [flooded, ...others] = await Promise.all([
      // Okta's pattern, as fast as it goes: look the user up, then create it.
      flood(FLOOD, 400, (i) => (i % 2
        ? scim(flooder, 'POST', '/Users', user(`flood-${i}@example.com`))
        : scim(flooder, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "flood-${i + 1}@example.com"`)}&startIndex=1&count=100`))),
      ...tenants.map((o, t) => paced(o, `tenant${t}`, 100, 25)),
    ]);
    const elapsedSeconds = (performance.now() - started) / 1000;
    const accepted = flooded.filter((r) => r.status === 200 || r.status === 201);
    const created = flooded.filter((r) => r.status === 201);
    const refused = flooded.filter((r) => r.status !== 200 && r.status !== 201);
    process.stdout.write(`SCIM flood: ${accepted.length} of ${FLOOD} accepted, ${refused.length} refused (429) in ${elapsedSeconds.toFixed(1)} s; four tenants at 25/s: ${others.flat().length} requests, ${others.flat().filter((st) => st === 429).length} refused\n`);

    expect(others.map((statuses) => statuses.filter((st) => st === 429).length)).toEqual([0, 0, 0, 0]);
    expect(others.flat().every((st) => st === 200 || st === 201)).toBe(true);

    refused.forEach(expectScimRateLimited);
    // A burst of 200 passes; beyond it at most 50 per one-second window (plus the burst pool).
    expect(accepted.length).toBeGreaterThanOrEqual(200);
    expect(accepted.length).toBeLessThanOrEqual(50 * (Math.floor(elapsedSeconds) + 1) + 150 * (Math.floor(elapsedSeconds / 60) + 1));
    expect(refused.length).toBeGreaterThan(0);

    const members = await s.db.db.selectFrom('members').select('user_name').where('org_id', '=', flooder.orgId).execute();
    expect(members.length).toBe(created.length);
    expect(new Set(members.map((m) => m.user_name))).toEqual(new Set(created.map((r) => r.body.userName)));
    expect(await countEvents(s, flooder.orgId, 'member.created')).toBe(created.length);
    expect(await countEvents(s, flooder.orgId, 'member.rejected')).toBe(0);
    expect(await countEvents(s, flooder.orgId, 'seat.rejected')).toBe(0);
    // Each accepted create logs member.created and seat.claimed; the refused ones log nothing.
    expect(await countEvents(s, flooder.orgId) - eventsBefore).toBe(2 * created.length);
  });
});

describeEachDatabase('a SCIM request over its limit', (kind) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(kind, { rateLimitPolicy: onlyLimits({ scim: hourly(2) }) }); });
  afterAll(async () => { await s?.stop(); });

  test('leaves no member, no provisioning-log row and no last-used time; another token of the org goes on', async () => {
    const o = await scimOrg(s, { standard: 10, premium: 0 });
    expect((await scim(o, 'POST', '/Users', user('first@example.com'))).status).toBe(201);
    expect((await scim(o, 'GET', '/Users')).status).toBe(200);
    const longAgo = new Date(Date.now() - 2 * 3600_000);
    await s.db.db.updateTable('scim_tokens').set({ last_used_at: longAgo }).where('org_id', '=', o.orgId).execute();
    const eventsBefore = await countEvents(s, o.orgId);

    const refused = await Promise.all(Array.from({ length: 10 }, (_, i) => scim(o, 'POST', '/Users', user(`late-${i}@example.com`))));
    refused.forEach(expectScimRateLimited);
    for (const r of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(3000);
      expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    }
    expect(await s.db.db.selectFrom('members').select('user_name').where('org_id', '=', o.orgId).execute()).toEqual([{ user_name: 'first@example.com' }]);
    expect(await countEvents(s, o.orgId)).toBe(eventsBefore);
    const token = await s.db.db.selectFrom('scim_tokens').select('last_used_at').where('org_id', '=', o.orgId).executeTakeFirstOrThrow();
    expect(token.last_used_at).toEqual(longAgo);

    const { secret } = await createScimToken(s.db.db, o.orgId, 'second', systemClock);
    expect((await scim({ ...o, token: secret }, 'POST', '/Users', user('second@example.com'))).status).toBe(201);
  });
});

describeEachDatabase('a refused SCIM request', (kind) => {
  test('is answered without the database: 429 while an allowed request meets the outage (503)', async () => {
    const db = await createTestDatabase(kind);
    const s = await startTestServer(kind, { db, rateLimitPolicy: onlyLimits({ scim: hourly(1) }) });
    try {
      const o = await scimOrg(s, { standard: 5, premium: 0 });
      const { secret: fresh } = await createScimToken(s.db.db, o.orgId, 'fresh', systemClock);
      expect((await scim(o, 'GET', '/Users')).status).toBe(200);
      await db.close();
      expectScimRateLimited(await scim(o, 'GET', '/Users'));
      expect((await scim({ ...o, token: fresh }, 'GET', '/Users')).status).toBe(503);
    } finally {
      await s.stop();
    }
  });
});
