// Issue 9: the process never dies because PostgreSQL went away. A real Seatgate process runs
// against a private PostgreSQL cluster that the test stops (`pg_ctl stop -m fast`, then
// `-m immediate`) and restarts while SCIM creates, `userName eq` lookups, admin-API reads and
// sign-in pages are in flight. During the outage every SCIM answer is 503 + Retry-After in SCIM
// form, the admin API answers 503 JSON, sign-in pages say "try again"; /healthz answers and
// /readyz fails; within 5 s of PostgreSQL being back the first 2xx comes from the same process,
// and every create that was acknowledged with a 201 is in the database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createScimToken } from '../../src/domain/scim-tokens/tokens.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { addOidcConnection } from '../../src/domain/sso/connections.js';
import { systemClock } from '../../src/domain/clock.js';
import { makeOrg } from '../support/fixtures.js';
import { seatInvariantViolations } from '../support/invariants.js';
import { startNode, waitForOutput } from '../support/processes.js';
import { privateClusterUnavailable, startPrivateCluster, type PrivateCluster, type StopMode } from '../support/private-postgres.js';
import { adminRead, ask, loginPage, Load, scimCreate, scimLookup, ssoStart, type Sample, type Target } from '../support/outage-load.js';

const missing = privateClusterUnavailable();
const required = process.env.CI === 'true';
if (missing && !required) console.warn(`Skipping the database-outage test: ${missing}. In CI (CI=true) this fails instead.`);
const describeOutage = missing && !required ? describe.skip : describe;

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const OUTAGE_MS = 3_000;
const RECOVERY_LIMIT_MS = 5_000;

describeOutage('a PostgreSQL outage under a running Seatgate [private cluster]', () => {
  let cluster: PrivateCluster | null = null;
  let seatgate: ReturnType<typeof startNode> | null = null;
  let dataDir = '';
  let target: Target;
  let orgId = '';

  beforeAll(async () => {
    if (missing) throw new Error(`CI=true, but the database-outage test cannot run: ${missing}`);
    cluster = await startPrivateCluster();
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query('create database seatgate');
    await admin.end();
    const url = cluster.url('seatgate');
    const setup = await openDatabase({ databaseUrl: url, poolMax: 2 });
    try {
      await migrateToLatest(setup.db);
      const { org, domain } = await makeOrg(setup.db, { standard: 5000, premium: 0 });
      orgId = org.id;
      const { secret: scimToken } = await createScimToken(setup.db, org.id, 'outage', systemClock);
      const { secret: apiKey } = await createApiKey(setup.db, org.id, 'admin', 'outage', systemClock);
      const conn = await addOidcConnection(setup.db, { orgId: org.id, issuer: 'https://idp.outage.example', clientId: 'c', clientSecret: 's' });
      target = { url: '', scimToken, apiKey, domain, ssoStartPath: `/sso/oidc/${conn.id}/login` };
    } finally {
      await setup.close();
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-outage-'));
    // The background jobs run every second so that they, too, meet the outage.
    seatgate = startNode(['dist/main.js'], {
      DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info',
      ALERT_INTERVAL_SECONDS: '1', RENEWAL_INTERVAL_SECONDS: '1',
      // The load is many clients on one token and one address: what is measured here is the
      // outage, not the per-credential limits (test/scim/rate-limits.test.ts has those).
      RATE_LIMIT_SCIM_PER_SECOND: '0', RATE_LIMIT_API_PER_SECOND: '0', RATE_LIMIT_SESSION_PER_SECOND: '0',
      RATE_LIMIT_LOGIN_PER_SECOND: '0', RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0',
    });
    target.url = (await waitForOutput(seatgate, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 60_000))[1]!;
  }, 180_000);

  afterAll(async () => {
    if (seatgate && seatgate.exitCode === null && seatgate.signalCode === null) seatgate.kill('SIGKILL');
    await cluster?.destroy();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  test.each<[StopMode]>([['fast'], ['immediate']])('survives `pg_ctl stop -m %s` under load and recovers without a restart', async (mode) => {
    const pid = seatgate!.pid;
    const load = new Load(target, `load-${mode}`);
    load.start(6);
    try {
      await until(() => load.count('scim-create', 201) >= 20, 30_000, 'creates before the outage');

      await cluster!.stop(mode);
      const downAt = Date.now();
      const probes = await outageProbes();
      // No session or invitation key has been loaded yet: loading one now fails, and must not stick.
      const keyProbes = mode === 'fast' ? await keyLoadProbes() : [];
      expectAlive(pid);
      await sleep(Math.max(0, downAt + OUTAGE_MS - Date.now()));
      const upAskedAt = Date.now();
      expectAlive(pid);

      await cluster!.start();
      const upAt = Date.now();
      const firstOk = await firstSuccessAfter(upAt);
      expect(firstOk - upAt).toBeLessThan(RECOVERY_LIMIT_MS);

      await until(() => load.samples.filter((s) => s.kind === 'scim-create' && s.status === 201 && s.started > upAt).length >= 20, 30_000, 'creates after the outage');
      await load.stop();

      const during = load.samples.filter((s) => s.started >= downAt && s.ended <= upAskedAt);
      expect(during.filter((s) => s.kind === 'scim-create').length).toBeGreaterThanOrEqual(20);
      expectOutageAnswers([...probes.samples, ...keyProbes, ...during]);
      if (mode === 'fast') {
        // Back up, the same requests reach the key and get their ordinary answers.
        expect((await keyLoadProbes()).map((s) => s.status)).toEqual([401, 404]);
      }
      expectEveryAnswerLegal(load.samples);
      expect(probes.healthz).toBe(200);
      expect(probes.readyz.status).toBe(503);
      expect(probes.readyz.ended - probes.readyz.started).toBeLessThan(4_000);
      expect((await fetch(`${target.url}/readyz`)).status).toBe(200);
      expectAlive(pid);
      expect(seatgate!.output()).toMatch(/"msg":"database unavailable: answering 503 STORAGE_UNAVAILABLE/);
      expect(seatgate!.output()).toMatch(/"outageMs":\d+,"failures":\d+,"msg":"database answering again"/);
      // The background jobs met the outage too, and carried on.
      expect(seatgate!.output()).toMatch(/"msg":"seat-alert pass failed; retrying next interval"/);
      expect(seatgate!.output()).toMatch(/"msg":"billing renewal job failed; retrying at the next interval"/);
      await expectAcknowledgedWritesKept(load.samples);
    } finally {
      await load.stop();
    }
  }, 180_000);

  test('still stops cleanly on SIGTERM afterwards', async () => {
    seatgate!.kill('SIGTERM');
    const exit = await seatgate!.finished;
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
  }, 30_000);

  function expectAlive(pid: number | undefined): void {
    const s = seatgate!;
    const died = s.exitCode !== null || s.signalCode !== null;
    expect({ pid: s.pid, exitCode: s.exitCode, signal: s.signalCode, output: died ? s.output().slice(-3000) : '' })
      .toEqual({ pid, exitCode: null, signal: null, output: '' });
    expect(seatgate!.output()).not.toMatch(/Unhandled 'error' event|uncaughtException|unhandledRejection/);
  }

  /** One of each request while the server is down (the load adds many more). */
  async function outageProbes() {
    const samples: Sample[] = [];
    samples.push(await scimCreate(target, `probe-${Date.now()}@${target.domain}`));
    samples.push(await scimLookup(target, `nobody@${target.domain}`));
    samples.push(await adminRead(target));
    samples.push(await ask('admin', `${target.url}/api/v1/members`, {
      method: 'GET', headers: { authorization: `Bearer ${target.apiKey}`, accept: 'application/json' },
    }));
    samples.push(await loginPage(target));
    samples.push(await ssoStart(target));
    const healthz = (await ask('admin', `${target.url}/healthz`)).status;
    const readyz = await ask('admin', `${target.url}/readyz`);
    return { samples, healthz, readyz };
  }

  /** A session cookie (JSON /me) and an invitation link (HTML page): both need a key from the database. */
  async function keyLoadProbes(): Promise<Sample[]> {
    return [
      await ask('admin', `${target.url}/me`, { headers: { cookie: 'seatgate_session=not.a.jwt', accept: 'application/json' } }),
      await ask('login-page', `${target.url}/invite/sginv_unknown`, { headers: { accept: 'text/html' } }),
    ];
  }

  async function firstSuccessAfter(since: number): Promise<number> {
    for (;;) {
      const s = await scimLookup(target, `nobody@${target.domain}`);
      if (s.status >= 200 && s.status < 300) return s.ended;
      if (Date.now() - since > 30_000) throw new Error(`no 2xx within 30 s of PostgreSQL being back; last: ${s.status} ${s.body}`);
      await sleep(100);
    }
  }

  async function expectAcknowledgedWritesKept(samples: Sample[]): Promise<void> {
    const acknowledged = samples.filter((s) => s.kind === 'scim-create' && s.status === 201)
      .map((s) => ({ userName: s.userName!, id: (JSON.parse(s.body) as { id: string }).id }));
    const check: DatabaseHandle = await openDatabase({ databaseUrl: cluster!.url('seatgate'), poolMax: 1 });
    try {
      const rows = await check.db.selectFrom('members').select(['id', 'user_name', 'status'])
        .where('org_id', '=', orgId).where('id', 'in', acknowledged.map((a) => a.id)).execute();
      const found = new Map(rows.map((r) => [r.id, r]));
      expect(acknowledged.filter((a) => found.get(a.id)?.user_name !== a.userName || found.get(a.id)?.status !== 'active')).toEqual([]);
      expect(await seatInvariantViolations(check.db)).toEqual([]);
    } finally {
      await check.close();
    }
  }
});

/** What everything asked while PostgreSQL was down must have answered. */
function expectOutageAnswers(samples: Sample[]): void {
  for (const kind of ['scim-create', 'scim-lookup', 'admin', 'login-page', 'sso-start'] as const) {
    expect({ kind, seen: samples.some((s) => s.kind === kind) }).toEqual({ kind, seen: true });
  }
  const wrong = samples.filter((s) => !answersUnavailable(s)).map(brief);
  expect(wrong).toEqual([]);
}

function answersUnavailable(s: Sample): boolean {
  if (s.status !== 503 || !/^[1-9]\d*$/.test(s.retryAfter ?? '')) return false;
  if (s.kind === 'scim-create' || s.kind === 'scim-lookup') {
    const body = JSON.parse(s.body) as { schemas?: string[]; status?: string; detail?: string };
    return s.contentType.startsWith('application/scim+json') && body.schemas?.[0] === SCIM_ERROR && body.status === '503' && /retry/i.test(body.detail ?? '');
  }
  if (s.kind === 'admin') return s.contentType.startsWith('application/json') && (JSON.parse(s.body) as { error?: { code?: string } }).error?.code === 'STORAGE_UNAVAILABLE';
  return s.contentType.startsWith('text/html') && /try again/i.test(s.body) && s.body.includes('href="/login"');
}

/** Before, during and after: never a 401, 404 or 500, never a dropped connection. */
function expectEveryAnswerLegal(samples: Sample[]): void {
  const legal: Record<Sample['kind'], number[]> = {
    'scim-create': [201, 503], 'scim-lookup': [200, 503], admin: [200, 503], 'login-page': [302, 503], 'sso-start': [503],
  };
  expect(samples.filter((s) => !legal[s.kind].includes(s.status) || (s.status === 503 && !answersUnavailable(s))).map(brief)).toEqual([]);
}

function brief(s: Sample) {
  return { kind: s.kind, status: s.status, retryAfter: s.retryAfter, body: s.body.slice(0, 300) };
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
