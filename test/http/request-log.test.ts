// At LOG_LEVEL=info every request is one log line (method, path without the query, status,
// duration, request id), health checks none; a handler's own lines carry the same request id.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { createScimToken } from '../../src/domain/scim-tokens/tokens.js';

describeEachDatabase('the request log', (kind) => {
  let s: TestServer;
  let token: string;
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write(chunk, _enc, done) { for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l)); done(); } });

  beforeAll(async () => {
    s = await startTestServer(kind, { logger: pino({ level: 'info' }, sink) });
    const org = await makeOrg(s.db.db, { standard: 1, premium: 0 });
    token = (await createScimToken(s.db.db, org.org.id, 'log test', { now: () => new Date() })).secret;
  });
  afterAll(async () => { await s?.stop(); });

  const requestLines = () => lines.filter((l) => l.msg === 'request');

  test('a SCIM lookup is one info line, without its filter; /healthz is not logged', async () => {
    lines.length = 0;
    const res = await fetch(`${s.url}/scim/v2/Users?filter=${encodeURIComponent('userName eq "secret.person@example.com"')}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    await fetch(`${s.url}/healthz`);
    await new Promise((r) => setTimeout(r, 50));
    const logged = requestLines();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 30, method: 'GET', path: '/scim/v2/Users', status: 200, reqId: res.headers.get('x-request-id') });
    expect(typeof logged[0]!.ms).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('secret.person');
  });

  test('a refused request logs its line and the handler\'s line under one request id', async () => {
    lines.length = 0;
    const res = await fetch(`${s.url}/scim/v2/Users/not-a-user`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    await new Promise((r) => setTimeout(r, 50));
    const id = res.headers.get('x-request-id');
    expect(requestLines()).toEqual([expect.objectContaining({ status: 404, reqId: id })]);
    expect(lines.filter((l) => l.reqId === id).length).toBeGreaterThanOrEqual(1);
  });
});
