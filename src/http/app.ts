// Assembles the express app: request ids and logs first, then the routes of each edge, then the
// one error renderer. Edges receive their dependencies here; none reads configuration itself.
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../domain/clock.js';
import { requestId } from './request-id.js';
import { healthRoutes } from './health.js';
import { renderError, sendError } from './render-error.js';
import { ssoDeps } from '../sso/deps.js';
import { samlRoutes } from '../sso/saml/routes.js';
import { oidcRoutes } from '../sso/oidc/routes.js';
import { loginRoutes } from '../sso/login-routes.js';

export interface AppDeps {
  db: Kysely<Database>;
  dbKind: string;
  config: Readonly<Config>;
  logger: Logger;
  clock: Clock;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.use(pinoHttp({
    logger: deps.logger,
    genReqId: requestId,
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
  }));
  app.use(healthRoutes(deps.db, deps.dbKind));
  const sso = ssoDeps(deps.db, deps.config, deps.clock);
  app.use(samlRoutes(sso), oidcRoutes(sso), loginRoutes(sso));
  app.use((req, res) => sendError(req, res, { status: 404, code: 'NOT_FOUND', title: 'Not found', message: `Nothing at ${req.method} ${req.path}.` }));
  app.use(renderError);
  return app;
}
