// Starts Seatgate: configuration, database (migrated), HTTP app; stops it gracefully on SIGTERM
// or SIGINT, letting in-flight requests finish within SHUTDOWN_TIMEOUT_MS.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/connection.js';
import { migrateToLatest } from './db/migrate.js';
import { installCatalogue } from './domain/seats/catalogue.js';
import { syncTiersWithCatalogue } from './domain/seats/tier-sync.js';
import { createApp } from './http/app.js';
import type { Logger } from './logger.js';
import { systemClock, type Clock } from './domain/clock.js';
import { startRenewalSchedule } from './schedule/renewal-schedule.js';
import { createMailer } from './mail/mailer.js';
import { startAlertJob } from './alerts/alert-job.js';
import { createAlertTransport } from './alerts/alert-transport.js';
import { openRateLimitStore } from './http/rate-limit-store.js';
import { opDepsFor, startOutboxWorkers } from './http/outbox-workers.js';
import { sessionSettings } from './sessions/settings.js';
import { startTokenCache } from './http/token-invalidation.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import express from 'express';

export interface RunningServer {
  url: string;
  port: number;
  database: DatabaseHandle;
  stop(): Promise<void>;
}

export async function startServer(config: Readonly<Config>, logger: Logger, clock: Clock = systemClock): Promise<RunningServer> {
  let database: DatabaseHandle | null = null;
  const metrics: Metrics | null = config.metrics.port || config.metrics.token ? createMetrics({ poolStats: () => database!.poolStats!(), db: () => database!.db }) : null;
  database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.databasePoolMax,
    events: {
      unavailable: (err) => logger.error({ err }, 'database unavailable: answering 503 STORAGE_UNAVAILABLE until it answers again'),
      recovered: ({ ms, failures }) => logger.warn({ outageMs: ms, failures }, 'database answering again'),
      ...(metrics ? { queryFailed: (kind: string) => metrics.queryFailed(kind) } : {}),
    },
  });
  try {
    const report = await migrateToLatest(database.db);
    if (report.applied.length) logger.info({ applied: report.applied }, 'database migrated');
    installCatalogue(config.tiers);
    const tiers = await syncTiersWithCatalogue(database.db, config.tiers);
    if (tiers.poolsCreated) logger.info({ poolsCreated: tiers.poolsCreated, tiers: config.tiers.keys }, 'seat pools created for new catalogue tiers');
    await shareWithCli(database, logger);
    await metrics?.startCounting();
  } catch (err) {
    await database.close();
    throw err;
  }
  const mailer = createMailer(config, logger);
  const rateLimitStore = openRateLimitStore(config.rateLimits, logger);
  await rateLimitStore.connected;
  const tokens = await startTokenCache(database, config.scimTokenCacheMs, logger);
  const app = createApp({
    db: database.db, dbKind: database.kind, config, logger, clock, mailer, rateLimitStore,
    ...(tokens ? { scimTokenCache: tokens.cache } : {}), ...(metrics ? { metrics } : {}),
  });
  const server = await listen(app, config.port, config.host).catch(async (err: unknown) => { await rateLimitStore.close(); await tokens?.close(); throw err; });
  const metricsServer = metrics && config.metrics.port ? await listen(metricsApp(metrics), config.metrics.port, config.metrics.host) : null;
  const port = (server.address() as AddressInfo).port;
  const renewals = config.renewalIntervalSeconds > 0
    ? startRenewalSchedule({ db: database.db, clock, logger, intervalMs: config.renewalIntervalSeconds * 1000, seatRequestMaxAgeDays: config.seatRequestMaxAgeDays })
    : null;
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`;

  const alerts = startAlertJob({
    db: database.db, clock, logger, intervalSeconds: config.alertIntervalSeconds,
    transport: createAlertTransport(mailer, config.webhookAllowPrivate),
  });

  const outboxes = startOutboxWorkers(opDepsFor(database.db, config, clock, logger, sessionSettings(database.db, config, clock)), config);

  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= (async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const timer = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
    await closed;
    clearTimeout(timer);
    await renewals?.stop();
    await alerts.stop();
    await outboxes.stop();
    await rateLimitStore.close();
    await tokens?.close();
    if (metricsServer) await new Promise<void>((resolve) => { metricsServer.closeAllConnections(); metricsServer.close(() => resolve()); });
    metrics?.close();
    await database.close();
  })());
  return { url, port, database, stop };
}

/** The embedded database is shared with `seatgate` commands over a socket in DATA_DIR (docs/operations.md). */
async function shareWithCli(database: DatabaseHandle, logger: Logger): Promise<void> {
  if (!database.shareSocket) return;
  try {
    const socket = await database.shareSocket({ onError: (err) => logger.error({ err }, 'database socket failed') });
    logger.debug({ socket }, 'sharing the embedded database with the CLI');
  } catch (err) {
    logger.warn({ err }, 'cannot share the embedded database over a socket: CLI commands cannot reach it while this server runs');
  }
}

/** The METRICS_PORT listener: GET /metrics and nothing else. */
function metricsApp(metrics: Metrics): import('express').Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', (req, res) => { void metrics.serve(req, res); });
  app.use((_req, res) => { res.status(404).type('text/plain').send('Not found'); });
  return app;
}

function listen(app: import('express').Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.once('error', reject);
  });
}
