// GET /metrics (src/http/metrics.ts): absent unless configured; behind METRICS_TOKEN on the main
// port, or alone on METRICS_PORT; HTTP latency per route template and status class, seat claims
// and refusals per tier, 429s per class, pool gauges, process metrics — and never an org id or
// a user in a label.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { startServer, type RunningServer } from '../../src/server.js';
import { loadConfig, ConfigError } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { makeOrg } from '../support/fixtures.js';
import { createScimToken } from '../../src/domain/scim-tokens/tokens.js';
import { systemClock } from '../../src/domain/clock.js';
import { user } from '../scim/support.js';

const TOKEN = 'metrics-token-'.padEnd(40, 'x');

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function start(env: Record<string, string>): Promise<{ running: RunningServer; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-metrics-'));
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', RENEWAL_INTERVAL_SECONDS: '0', ALERT_INTERVAL_SECONDS: '0',
    OUTBOX_INTERVAL_MS: '0', RATE_LIMIT_SCIM_PER_SECOND: '1', RATE_LIMIT_SCIM_BURST: '4', ...env });
  return { running: await startServer(config, createLogger('silent', 2)), dir };
}

describe('GET /metrics', () => {
  test('is off by default: the main port answers 404', async () => {
    const { running, dir } = await start({});
    try {
      expect((await fetch(`${running.url}/metrics`)).status).toBe(404);
    } finally { await running.stop(); fs.rmSync(dir, { recursive: true, force: true }); }
  });

  test('config is checked once: a short METRICS_TOKEN or a bad METRICS_PORT stops start-up with its name', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });

  describe('behind METRICS_TOKEN on the main port', () => {
    let running: RunningServer;
    let dir: string;
    let orgId: string;
    let body: string;
    beforeAll(async () => {
      ({ running, dir } = await start({ METRICS_TOKEN: TOKEN }));
      const { org } = await makeOrg(running.database.db, { standard: 1, premium: 0 });
      orgId = org.id;
      const { secret } = await createScimToken(running.database.db, org.id, 'm', systemClock);
      const scim = (method: string, p: string, b?: unknown) => fetch(`${running.url}/scim/v2${p}`, {
        method, headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' }, ...(b ? { body: JSON.stringify(b) } : {}),
      });
      const created = await scim('POST', '/Users', user('first@example.com'));
      expect(created.status).toBe(201);
      const id = ((await created.json()) as { id: string }).id;
      expect((await scim('POST', '/Users', user('second@example.com'))).status).toBe(403);
      expect((await scim('GET', `/Users/${id}`)).status).toBe(200);
      // The burst of 4 is spent: the next is a 429.
      let limited = 0;
      for (let i = 0; i < 6; i++) if ((await scim('GET', '/Users')).status === 429) limited++;
      expect(limited).toBeGreaterThan(0);
      const res = await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      body = await res.text();
    }, 120_000);
    afterAll(async () => { await running?.stop(); fs.rmSync(dir, { recursive: true, force: true }); });

    test('without the token, or with another, it is not there (404)', async () => {
      expect((await fetch(`${running.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(404);
    });

    test('latency per route template and status class, never the raw path', () => {
      expect(body).toMatch(/seatgate_http_request_duration_seconds_count\{method="POST",route="\/scim\/v2\/Users",status_class="2xx"\} 1/);
      expect(body).toMatch(/seatgate_http_request_duration_seconds_count\{method="POST",route="\/scim\/v2\/Users",status_class="4xx"\} 1/);
      expect(body).toMatch(/route="\/scim\/v2\/Users\/:id",status_class="2xx"/);
    });

    test('seat claims and refusals per tier, 429s per class', () => {
      expect(body).toMatch(/seatgate_seat_claims_total\{tier="standard"\} 1/);
      expect(body).toMatch(/seatgate_seat_refusals_total\{tier="[a-z]+"\} 1/);
      expect(body).toMatch(/seatgate_rate_limited_requests_total\{class="scim"\} [1-9]/);
    });

    test('pool gauges, the database error counter, process metrics', () => {
      expect(body).toMatch(/seatgate_db_pool_in_use \d/);
      expect(body).toMatch(/seatgate_db_pool_waiting \d/);
      expect(body).toContain('# TYPE seatgate_db_errors_total counter');
      expect(body).toMatch(/seatgate_process_resident_memory_bytes \d/);
    });

    test('no org id, user name or member id in any label', () => {
      expect(body).not.toContain(orgId);
      expect(body).not.toContain('example.com');
      expect(body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
    });
  });

  test('on METRICS_PORT: a separate listener serves it, the main port does not', async () => {
    const port = await freePort();
    const { running, dir } = await start({ METRICS_PORT: String(port) });
    try {
      expect((await fetch(`${running.url}/metrics`)).status).toBe(404);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('seatgate_http_request_duration_seconds');
      expect((await fetch(`http://127.0.0.1:${port}/scim/v2/Users`)).status).toBe(404);
    } finally { await running.stop(); fs.rmSync(dir, { recursive: true, force: true }); }
  });
});
