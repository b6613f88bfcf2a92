import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { renderError } from '../../src/web/render-error.js';
import { ERROR_TABLE } from '../../src/web/error-table.js';
import { NoSeatsAvailable } from '../../src/domain/errors.js';
import { StorageUnavailable } from '../../src/db/errors.js';

interface ErrorBody { error: { code: string; message: string; requestId: string } }
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describeEachDatabase('request ids and error responses', (kind) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(kind); });
  afterAll(async () => { await s?.stop(); });

  test('echoes a well-formed X-Request-Id and quotes it in the error body', async () => {
    const res = await fetch(`${s.url}/nowhere`, { headers: { 'X-Request-Id': 'proxy-1234.abc:9' } });
    expect(res.headers.get('x-request-id')).toBe('proxy-1234.abc:9');
    expect((await errorOf(res)).requestId).toBe('proxy-1234.abc:9');
  });

  test('generates a request id when none is sent', async () => {
    const res = await fetch(`${s.url}/healthz`);
    expect(res.headers.get('x-request-id')).toMatch(UUID);
  });

  test.each([
    ['markup', '<script>alert(1)</script>'],
    ['a path', '../../etc/passwd'],
    ['spaces', 'two words'],
    ['an over-long id', 'a'.repeat(129)],
    ['a log-injection attempt', 'x","level":"fatal'],
  ])('replaces a hostile X-Request-Id (%s) with a fresh one', async (_name, hostile) => {
    const res = await fetch(`${s.url}/nowhere`, { headers: { 'X-Request-Id': hostile } });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    expect((await errorOf(res)).requestId).toBe(id);
  });

  test('an unknown path is a 404 in JSON for API clients', async () => {
    const res = await fetch(`${s.url}/no/such/thing`, { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await errorOf(res))).toMatchObject({ code: 'NOT_FOUND', message: 'Nothing at GET /no/such/thing.' });
  });

  test('an unknown path is a readable, escaped HTML page for a browser', async () => {
    const res = await fetch(`${s.url}/%3Cb%3Ehi%3C%2Fb%3E`, { headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<h1>Not found</h1>');
    expect(html).toContain(res.headers.get('x-request-id'));
    expect(html).not.toContain('<b>hi</b>');
  });
});

describe('the error renderer', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.post('/echo', express.json({ limit: '1kb' }), (req, res) => { res.json(req.body); });
    app.get('/seats', () => { throw new NoSeatsAvailable({ premium: { purchased: 1, claimed: 1 }, standard: { purchased: 0, claimed: 0 } }); });
    app.get('/down', () => { throw new StorageUnavailable(new Error('ECONNREFUSED 10.0.0.5:5432 password=hunter2')); });
    app.get('/bug', () => { throw new TypeError('cannot read properties of undefined (secret internals)'); });
    app.use(renderError);
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => { await new Promise((r) => server.close(r)); });

  test('a malformed JSON body is 400 MALFORMED_JSON', async () => {
    const res = await fetch(`${url}/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"userName": ' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('MALFORMED_JSON');
  });

  test('a body over the limit is 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await fetch(`${url}/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ x: 'y'.repeat(4096) }) });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('a domain error gets the status from the one table, with its message', async () => {
    const res = await fetch(`${url}/seats`);
    expect(res.status).toBe(ERROR_TABLE.SEATS_EXHAUSTED!.http);
    expect((await errorOf(res))).toMatchObject({ code: 'SEATS_EXHAUSTED', message: expect.stringMatching(/premium: 1 of 1 claimed/) });
  });

  test('an unexposed domain error shows its title only, with Retry-After when it is a 503', async () => {
    const res = await fetch(`${url}/down`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const body = await res.text();
    expect(body).toContain('STORAGE_UNAVAILABLE');
    expect(body).not.toMatch(/hunter2|ECONNREFUSED/);
  });

  test('an unexpected error is a 500 INTERNAL that hides the detail', async () => {
    const res = await fetch(`${url}/bug`);
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body).error.code).toBe('INTERNAL');
    expect(body).not.toContain('secret internals');
  });
});
