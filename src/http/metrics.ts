// Prometheus metrics (prom-client), one registry per app. Off unless configured (config.metrics):
// on a separate listener (METRICS_PORT) or on the main port behind a bearer token (METRICS_TOKEN).
// Labels are bounded by construction: a route *template* (or "unmatched"), a status class, a
// seat tier, a rate-limit class, an SQLSTATE class — never an org, a member or a raw path.
// Seat claims and refusals are read from the provisioning log at scrape time (committed rows
// since the previous scrape, by id on the primary key), so they cover every arrival path (SCIM,
// SSO/JIT, invites) without hooking the allocator. They are cluster-wide: every process reports
// the same increments, so aggregate them with max(), not sum() (docs/operations.md).
import { timingSafeEqual, createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PoolStats } from '../db/server-pool.js';

export interface Metrics {
  registry: Registry;
  /** Times every request; mount first. */
  timing(req: Request, res: Response, next: NextFunction): void;
  /** GET /metrics, for the separate listener or behind the token. */
  serve(req: Request, res: Response): Promise<void>;
  /** For the database's OutageEvents.queryFailed. */
  queryFailed(kind: string): void;
  /** Seat claims and refusals count from now on (call once the database is open). */
  startCounting(): Promise<void>;
  close(): void;
}

/** Which rate-limit class a path falls under (app.ts mounts the limiters on these prefixes). */
const LIMIT_CLASSES: Array<[RegExp, string]> = [
  [/^\/scim\/v2(\/|$)/, 'scim'], [/^\/api\/v1(\/|$)/, 'api'], [/^\/auth\/verify/, 'verify'], [/^\/oidc\/(token|userinfo)/, 'app'],
  [/^\/(login|sso|oidc)(\/|$)/, 'login'], [/^\/(me|logout|account|admin|console-link)(\/|$)/, 'session'],
];

export interface MetricsOptions { poolStats?: (() => PoolStats) | undefined; db?: (() => Kysely<Database>) | undefined }

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'seatgate_' });
  const http = new Histogram({
    name: 'seatgate_http_request_duration_seconds', help: 'HTTP requests by route template and status class', registers: [registry],
    labelNames: ['method', 'route', 'status_class'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const seatLog = seatEvents(options.db);
  const claims: Counter<'tier'> = new Counter({ name: 'seatgate_seat_claims_total', help: 'Seats claimed (cluster-wide, from the provisioning log), by tier',
    labelNames: ['tier'], registers: [registry], collect: () => seatLog.refresh() });
  const refusals: Counter<'tier'> = new Counter({ name: 'seatgate_seat_refusals_total', help: 'Arrivals refused for want of a seat (cluster-wide), by tier asked for',
    labelNames: ['tier'], registers: [registry], collect: () => seatLog.refresh() });
  seatLog.onCounts = (event, tier, n) => (event === 'seat.claimed' ? claims : refusals).inc({ tier }, n);
  const limited = new Counter({ name: 'seatgate_rate_limited_requests_total', help: 'Requests answered 429, by rate-limit class', labelNames: ['class'], registers: [registry] });
  const dbErrors = new Counter({ name: 'seatgate_db_errors_total', help: 'Failed database queries and connections, by SQLSTATE class or "connection"', labelNames: ['kind'], registers: [registry] });
  const pool = options.poolStats;
  new Gauge({ name: 'seatgate_db_pool_in_use', help: 'Database connections checked out', registers: [registry],
    collect() { if (pool) { const s = pool(); this.set(s.total - s.idle); } } });
  new Gauge({ name: 'seatgate_db_pool_waiting', help: 'Queries waiting for a database connection', registers: [registry],
    collect() { if (pool) this.set(pool().waiting); } });
  return {
    registry,
    timing(req, res, next) {
      const end = http.startTimer();
      res.once('finish', () => {
        const route = req.route?.path !== undefined ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        end({ method: req.method, route, status_class: `${Math.floor(res.statusCode / 100)}xx` });
        if (res.statusCode === 429) limited.inc({ class: LIMIT_CLASSES.find(([re]) => re.test(req.originalUrl))?.[1] ?? 'other' });
      });
      next();
    },
    async serve(_req, res) {
      res.type(registry.contentType).send(await registry.metrics());
    },
    queryFailed: (kind) => dbErrors.inc({ kind }),
    startCounting: () => seatLog.baseline(),
    close() { registry.clear(); },
  };
}

/** New seat.claimed / seat.rejected rows since the last look; the first look starts at the newest row. */
async function newest(db: Kysely<Database>): Promise<number> {
  return Number((await sql<{ id: number | null }>`select coalesce(max(id), 0)::bigint as id from provisioning_events`.execute(db)).rows[0]?.id ?? 0);
}

function seatEvents(db: (() => Kysely<Database>) | undefined) {
  let after: number | null = null;
  let running: Promise<void> | null = null;
  const state = {
    onCounts: (_event: string, _tier: string, _n: number) => {},
    /** Where counting starts: the newest row now (call once the database is open). */
    baseline: async (): Promise<void> => { if (db && after === null) after = await newest(db()); },
    refresh: (): Promise<void> => (running ??= (async () => {
      if (!db) return;
      try {
        if (after === null) after = await newest(db());
        const upTo = await newest(db());
        const { rows } = await sql<{ event: string; tier: string | null; n: number }>`
          select event, tier, count(*)::int as n from provisioning_events
          where id > ${after} and id <= ${upTo} and event in ('seat.claimed', 'seat.rejected') group by event, tier`.execute(db());
        for (const r of rows) state.onCounts(r.event, r.tier ?? (r.event === 'seat.claimed' ? 'none' : 'any'), r.n);
        after = upTo;
      } catch { /* the database is down: the next scrape catches up */ } finally { running = null; }
    })()),
  };
  return state;
}

/** GET /metrics on the main port, for `Authorization: Bearer <METRICS_TOKEN>` only (404 otherwise, as if absent). */
export function metricsBehindToken(metrics: Metrics, token: string) {
  const expected = createHash('sha256').update(token).digest();
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (req.method !== 'GET' || req.path !== '/metrics') { next(); return; }
    const given = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (!timingSafeEqual(createHash('sha256').update(given).digest(), expected)) { res.status(404).type('text/plain').send('Not found'); return; }
    await metrics.serve(req, res);
  };
}
