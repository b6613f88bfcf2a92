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
import { apiRouter } from '../api/router.js';
import { renderError, sendError } from './render-error.js';
import { invitePages } from './invite-pages.js';
import { createMailer } from '../mail/mailer.js';
import type { Mailer } from '../domain/mail/mailer.js';
import { createTxtResolver } from '../dns/txt-resolver.js';
import { scimRouter } from '../scim/router.js';
import { ssoDeps } from '../sso/deps.js';
import { samlRoutes } from '../sso/saml/routes.js';
import { oidcRoutes } from '../sso/oidc/routes.js';
import { loginRoutes } from '../sso/login-routes.js';
import { refuseUnstorableText } from './unstorable-text.js';

export interface AppDeps {
  db: Kysely<Database>;
  dbKind: string;
  config: Readonly<Config>;
  logger: Logger;
  clock: Clock;
  /** Outgoing mail; built from the configuration when not given. */
  mailer?: Mailer;
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
  // A NUL or an unpaired surrogate in any URL is 400 INVALID_INPUT (unstorable-text.ts); SCIM
  // answers that in its own form, after its token decides the org.
  app.use(refuseUnstorableText({ except: (req) => /^\/scim\/v2(\/|$)/i.test(req.path) }));
  // Edges: each is a router over the domain.
  const mailer = deps.mailer ?? createMailer(deps.config, deps.logger);
  const sso = ssoDeps(deps.db, deps.config, deps.clock);
  app.use(apiRouter({ db: deps.db, clock: deps.clock, config: deps.config, mailer, txtResolver: createTxtResolver(deps.config.dnsResolver), session: sso.session }));
  app.use(invitePages({ db: deps.db, clock: deps.clock, secret: deps.config.inviteSecret }));
  app.use('/scim/v2', scimRouter({ db: deps.db, clock: deps.clock, publicUrl: deps.config.publicUrl, maxBodyBytes: deps.config.scimMaxBodyBytes }));
  app.use(samlRoutes(sso), oidcRoutes(sso), loginRoutes(sso));
  app.use((req, res) => sendError(req, res, { status: 404, code: 'NOT_FOUND', title: 'Not found', message: `Nothing at ${req.method} ${req.path}.` }));
  app.use(renderError);
  return app;
}
