// Assembles the express app: request ids and logs first, then the routes of each edge, then the
// one error renderer. Edges receive their dependencies here; none reads configuration itself.
import express, { type Express } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../domain/clock.js';
import { requestLog } from './request-log.js';
import { healthRoutes } from './health.js';
import { apiRouter } from '../api/router.js';
import { renderError, sendError } from '../web/render-error.js';
import { invitePages } from '../pages/invite-pages.js';
import { createMailer } from '../mail/mailer.js';
import type { Mailer } from '../domain/mail/mailer.js';
import { createTxtResolver } from '../dns/txt-resolver.js';
import { scimRouter } from '../scim/router.js';
import { ssoDeps } from '../sso/deps.js';
import { samlRoutes } from '../sso/saml/routes.js';
import { oidcRoutes } from '../sso/oidc/routes.js';
import { loginRoutes } from '../sso/login-routes.js';
import { edgeRateLimits } from './edge-limits.js';
import { policyFromSettings, type RateLimitPolicy } from './rate-limit-policy.js';
import { openRateLimitStore, type RateLimitStore } from './rate-limit-store.js';
import { consoleRoutes } from '../console/routes.js';
import { currentSession } from '../sessions/request-session.js';
import { sessionSettings } from '../sessions/settings.js';
import { securityHeaders } from '../web/security-headers.js';
import { stylesheetRoute } from '../web/stylesheet.js';
import { pageRoutes } from '../pages/routes.js';
import { refuseUnstorableText } from '../web/unstorable-text.js';
import { opRoutes } from '../op/routes.js';
import { forwardAuthRoutes, VERIFY_PATH } from '../forward-auth/verify-route.js';
import { opDepsFor } from './outbox-workers.js';
import type { ScimTokenCache } from '../domain/scim-tokens/token-cache.js';
import { metricsBehindToken, type Metrics } from './metrics.js';

export interface AppDeps {
  db: Kysely<Database>;
  dbKind: string;
  config: Readonly<Config>;
  logger: Logger;
  clock: Clock;
  /** Outgoing mail; built from the configuration when not given. */
  mailer?: Mailer;
  /** Where rate-limit counters live; opened from the configuration when not given (the caller then cannot close it). */
  rateLimitStore?: RateLimitStore;
  /** The limits themselves; from the configuration when not given. */
  rateLimitPolicy?: RateLimitPolicy;
  /** SCIM tokens cached in memory (server.ts subscribes it to invalidations); none: every request reads its token. */
  scimTokenCache?: ScimTokenCache;
  /** Prometheus metrics (server.ts makes them when configured); GET /metrics here only with METRICS_TOKEN. */
  metrics?: Metrics;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  if (deps.metrics) {
    app.use(deps.metrics.timing);
    if (deps.config.metrics.token) app.use(metricsBehindToken(deps.metrics, deps.config.metrics.token));
  }
  app.use(requestLog(deps.logger));
  app.use(securityHeaders());
  app.use(healthRoutes(deps.db, deps.dbKind));
  app.use(stylesheetRoute());
  // Rate limits run ahead of every edge, so a refused request reaches no handler and no database.
  const limits = edgeRateLimits(deps.rateLimitPolicy ?? policyFromSettings(deps.config.rateLimits),
    deps.rateLimitStore ?? openRateLimitStore(deps.config.rateLimits, deps.logger));
  app.use('/scim/v2', limits.scim);
  app.use('/api/v1', limits.api);
  app.use(['/me', '/logout', '/account', '/admin', '/console-link'], limits.session);
  app.use(['/login', '/sso', '/oidc/auth', '/oidc/interaction', '/oidc/session'], limits.login);
  app.use(['/oidc/token', '/oidc/userinfo'], limits.app);
  app.use(VERIFY_PATH, limits.verify);
  // A NUL or an unpaired surrogate in any URL is 400 INVALID_INPUT (unstorable-text.ts); SCIM
  // answers that in its own form, after its token decides the org.
  app.use(refuseUnstorableText({ except: (req) => /^\/scim\/v2(\/|$)/i.test(req.path) }));
  // Edges: each is a router over the domain. Sessions are shared by the SSO edge, the admin API and the pages.
  const mailer = deps.mailer ?? createMailer(deps.config, deps.logger);
  const session = sessionSettings(deps.db, deps.config, deps.clock);
  const sso = ssoDeps(deps.db, deps.config, deps.clock, session);
  app.use(apiRouter({ db: deps.db, clock: deps.clock, config: deps.config, mailer, txtResolver: createTxtResolver(deps.config.dnsResolver), session }));
  app.use(invitePages({ db: deps.db, clock: deps.clock, secret: deps.config.inviteSecret }));
  app.use(pageRoutes({ db: deps.db, dbKind: deps.dbKind, config: deps.config, clock: deps.clock, session }));
  app.use('/scim/v2', scimRouter({ db: deps.db, clock: deps.clock, publicUrl: deps.config.publicUrl, maxBodyBytes: deps.config.scimMaxBodyBytes, tokenCache: deps.scimTokenCache }));
  app.use(samlRoutes(sso), oidcRoutes(sso), loginRoutes(sso));
  // Seatgate as an OpenID Provider for applications (discovery at /.well-known/openid-configuration, endpoints under /oidc/), and forward auth.
  app.use(opRoutes(opDepsFor(deps.db, deps.config, deps.clock, deps.logger, session)));
  app.use(forwardAuthRoutes({ session, publicUrl: deps.config.publicUrl }));
  // The admin console learns who is signed in from the session (its row and member, read per request).
  app.use(consoleRoutes({ signedInRole: async (req) => (await currentSession(req, session))?.member.role ?? null }));
  app.use((req, res) => sendError(req, res, { status: 404, code: 'NOT_FOUND', title: 'Not found', message: `Nothing at ${req.method} ${req.path}.` }));
  app.use(renderError);
  return app;
}
