// The admin API under /api/v1 and its documentation under /api: authenticate, then each route
// authorizes and validates itself (src/api/define-route.ts). Every route group is listed here.
import express, { Router } from 'express';
import type { ApiDeps } from './deps.js';
import { ApiRoutes } from './define-route.js';
import { authenticate } from './authenticate.js';
import { openApiDocument } from './openapi.js';
import { openApiPage } from './openapi-page.js';
import { orgRoutes } from './routes/org.js';
import { logRoutes } from './routes/logs.js';
import { memberRoutes } from './routes/members.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { billingRoutes } from './routes/billing.js';
import { memberChangeRoutes } from './routes/member-changes.js';
import { invitationRoutes } from './routes/invitations.js';
import { domainRoutes } from './routes/domains.js';
import { alertRoutes } from './routes/alerts.js';
import { ssoConnectionRoutes } from './routes/sso-connections.js';
import { scimTokenRoutes } from './routes/scim-tokens.js';
import { meRoutes } from './routes/me.js';

export const ROUTE_GROUPS = [meRoutes, orgRoutes, logRoutes, memberRoutes, memberChangeRoutes, invitationRoutes, domainRoutes, alertRoutes, apiKeyRoutes, billingRoutes, ssoConnectionRoutes, scimTokenRoutes];

export function apiRouter(deps: ApiDeps): Router {
  const outer = Router();
  const v1 = Router();
  const routes = new ApiRoutes();
  for (const group of ROUTE_GROUPS) group(v1, routes, deps);
  const doc = () => openApiDocument(routes.specs, deps.config.publicUrl);
  outer.get('/api/openapi.json', (_req, res) => { res.json(doc()); });
  outer.get('/api/docs', (_req, res) => { res.type('html').send(openApiPage(doc())); });
  outer.use('/api/v1', express.json({ limit: '1mb' }), authenticate({ db: deps.db, clock: deps.clock, session: deps.session ?? null, publicUrl: deps.config.publicUrl }), v1);
  return outer;
}
