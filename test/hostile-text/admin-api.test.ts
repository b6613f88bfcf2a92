// Admin API × hostile text: a NUL or an unpaired surrogate in any JSON field or query parameter
// that reaches the database, or in a path parameter — members, invitations, domains, the org,
// alerts, API keys, billing, log filters — is 400 INVALID_INPUT naming the field (never a 500, or
// a value silently stored with U+FFFD), and nothing is written, not even a log row.
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { systemClock } from '../../src/domain/clock.js';
import { HOSTILE, loggedSince, logMark, snapshot } from './support.js';

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `u`: the hostile text as percent-escaped bytes; `d`: the org's verified domain. */
  path: (u: string) => string;
  /** `t`: the hostile text as a string. */
  body?: (t: string, d: string) => unknown;
  headers?: Record<string, string>;
  field: RegExp;
}

const CASES: Case[] = [
  // members
  { name: 'GET /members?after', method: 'GET', path: (u) => `/members?after=${u}`, field: /query parameter "after"/ },
  { name: 'GET /members?status', method: 'GET', path: (u) => `/members?status=${u}`, field: /query parameter "status"/ },
  { name: 'GET /members/:memberId', method: 'GET', path: (u) => `/members/${u}`, field: /URL path/ },
  { name: 'PUT /members/:memberId/role', method: 'PUT', path: (u) => `/members/${u}/role`, body: () => ({ role: 'admin' }), field: /URL path/ },
  { name: 'PATCH /members/:memberId', method: 'PATCH', path: (u) => `/members/${u}`, body: () => ({ seatTier: 'premium' }), field: /URL path/ },
  { name: 'PATCH /members/:memberId seatTier', method: 'PATCH', path: () => '/members/00000000-0000-4000-8000-000000000000', body: (t) => ({ seatTier: t }), field: /^seatTier:/ },
  { name: 'POST /members/:memberId/suspend', method: 'POST', path: (u) => `/members/${u}/suspend`, field: /URL path/ },
  { name: 'DELETE /members/:memberId', method: 'DELETE', path: (u) => `/members/${u}`, field: /URL path/ },
  { name: 'POST /primary-owner memberId', method: 'POST', path: () => '/primary-owner', body: (t) => ({ memberId: t }), field: /^memberId:/ },
  // invitations
  { name: 'POST /invitations email', method: 'POST', path: () => '/invitations', body: (t, d) => ({ email: `${t}@${d}`, role: 'member' }), field: /^email:/ },
  { name: 'POST /invitations role', method: 'POST', path: () => '/invitations', body: (t, d) => ({ email: `new@${d}`, role: t }), field: /^role:/ },
  { name: 'GET /invitations?status', method: 'GET', path: (u) => `/invitations?status=${u}`, field: /query parameter "status"/ },
  { name: 'POST /invitations/:id/resend', method: 'POST', path: (u) => `/invitations/${u}/resend`, field: /URL path/ },
  { name: 'DELETE /invitations/:id', method: 'DELETE', path: (u) => `/invitations/${u}`, field: /URL path/ },
  // domains
  { name: 'POST /domains domain', method: 'POST', path: () => '/domains', body: (t) => ({ domain: `${t}.example.com` }), field: /^domain:/ },
  { name: 'POST /domains/:domain/verify', method: 'POST', path: (u) => `/domains/${u}.example.com/verify`, field: /URL path/ },
  { name: 'DELETE /domains/:domain', method: 'DELETE', path: (u) => `/domains/${u}.example.com`, field: /URL path/ },
  // org and seats
  { name: 'GET /org with a query parameter', method: 'GET', path: (u) => `/org?${u}=1`, field: /query parameter "x/ },
  { name: 'GET /seats with a query value', method: 'GET', path: (u) => `/seats?view=${u}`, field: /query parameter "view"/ },
  // alerts
  { name: 'PUT /alerts webhookUrl', method: 'PUT', path: () => '/alerts', body: (t) => ({ webhookUrl: `https://hooks.example.com/${t}` }), field: /^webhookUrl:/ },
  { name: 'GET /alerts/deliveries?limit', method: 'GET', path: (u) => `/alerts/deliveries?limit=${u}`, field: /query parameter "limit"/ },
  // API keys
  { name: 'POST /api-keys name', method: 'POST', path: () => '/api-keys', body: (t) => ({ name: t, role: 'admin' }), field: /^name:/ },
  { name: 'POST /api-keys an unknown key', method: 'POST', path: () => '/api-keys', body: (t) => ({ name: 'ok', role: 'admin', [t]: true }), field: /^\["x\\u(0000|d800)y"\]:/ },
  { name: 'DELETE /api-keys/:keyId', method: 'DELETE', path: (u) => `/api-keys/${u}`, field: /URL path/ },
  // billing
  { name: 'POST /seats/preview memberIds', method: 'POST', path: () => '/seats/preview', body: (t) => ({ upgrade: { count: 1, memberIds: [t] } }), field: /^upgrade\.memberIds\[0\]:/ },
  { name: 'POST /seats/confirm memberIds', method: 'POST', path: () => '/seats/confirm', body: (t) => ({ add: { standard: 1 }, upgrade: { count: 1, memberIds: [t] } }), headers: { 'idempotency-key': 'hostile-1' }, field: /^upgrade\.memberIds\[0\]:/ },
  { name: 'PUT /contract', method: 'PUT', path: () => '/contract', body: (t) => ({ autoRenew: true, [t]: 1 }), field: /^\["x\\u/ },
  { name: 'GET /invoices?cursor', method: 'GET', path: (u) => `/invoices?cursor=${u}`, field: /query parameter "cursor"/ },
  { name: 'GET /invoices/:invoiceId', method: 'GET', path: (u) => `/invoices/${u}`, field: /URL path/ },
  // the provisioning log's filters
  { name: 'GET /logs?cursor', method: 'GET', path: (u) => `/logs?cursor=${u}`, field: /query parameter "cursor"/ },
  { name: 'GET /logs?memberId', method: 'GET', path: (u) => `/logs?memberId=${u}`, field: /query parameter "memberId"/ },
  { name: 'GET /logs?event (repeated)', method: 'GET', path: (u) => `/logs?event=member.created&event=${u}`, field: /query parameter "event"/ },
  { name: 'GET /logs?since', method: 'GET', path: (u) => `/logs?since=2026-01-01T00:00:00Z${u}`, field: /query parameter "since"/ },
];

describeEachDatabase('the admin API refuses text it cannot store', (kind) => {
  let s: TestServer;
  let orgId: string;
  let domain: string;
  let key: string;

  beforeAll(async () => {
    s = await startTestServer(kind);
    const made = await makeOrg(s.db.db, { premium: 1, standard: 3 });
    orgId = made.org.id;
    domain = made.domain;
    key = (await createApiKey(s.db.db, orgId, 'owner', 'hostile-text owner', systemClock)).secret;
  });
  afterAll(async () => { await s?.stop(); });

  const call = (c: Case, u: string, body: unknown) => fetch(`${s.url}/api/v1${c.path(u)}`, {
    method: c.method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json', ...c.headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

  const matrix = CASES.flatMap((c) => HOSTILE.map((h) => [`${c.name} with ${h.name}`, c, h] as const));

  test.each(matrix)('%s: 400 INVALID_INPUT naming the field, nothing written', async (_name, c, h) => {
    const before = await snapshot(s.db.db);
    const mark = await logMark(s.db.db, orgId);
    const res = await call(c, h.inUrl, c.body?.(h.text, domain));
    const body = await res.json() as { error: { code: string; message: string } };
    expect({ status: res.status, code: body.error.code }).toEqual({ status: 400, code: 'INVALID_INPUT' });
    expect(body.error.message).toMatch(c.field);
    expect(body.error.message).toMatch(h.fault);
    expect(await snapshot(s.db.db)).toEqual(before);
    expect(await loggedSince(s.db.db, orgId, mark)).toEqual([]);
  });

  test('a body whose bytes are not UTF-8 is 400 INVALID_INPUT, not a key named with U+FFFD', async () => {
    const before = await snapshot(s.db.db);
    const [head, tail] = JSON.stringify({ name: 'x__y', role: 'admin' }).split('__');
    const res = await fetch(`${s.url}/api/v1/api-keys`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: Buffer.concat([Buffer.from(head!), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(tail!)]),
    });
    const body = await res.json() as { error: { code: string; message: string } };
    expect([res.status, body.error.code]).toEqual([400, 'INVALID_INPUT']);
    expect(body.error.message).toMatch(/not valid UTF-8/);
    expect(await snapshot(s.db.db)).toEqual(before);
  });

  test('a malformed percent-escape in the path is 400 INVALID_INPUT, not the 500 express\'s decoding error became', async () => {
    const res = await fetch(`${s.url}/api/v1/members/%zz`, { headers: { authorization: `Bearer ${key}` } });
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([400, 'INVALID_INPUT']);
  });

  test('a browser asking for a page gets a readable one', async () => {
    const res = await fetch(`${s.url}/api/v1/members/${HOSTILE[0]!.inUrl}`, { headers: { authorization: `Bearer ${key}`, accept: 'text/html' } });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/<h1>Invalid input<\/h1>[\s\S]*URL path: contains a NUL/);
  });

  test('without the bad character the same kind of request is accepted', async () => {
    const res = await call(CASES.find((c) => c.name === 'POST /api-keys name')!, '', { name: 'xy', role: 'admin' });
    expect(res.status).toBe(201);
  });
});
