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
import { appEventsFeed, eventRoutes } from './routes/events.js';
import { webhookRoutes } from './routes/webhooks.js';
import { seatRequestRoutes } from './routes/seat-requests.js';
import { rememberNonUtf8Body, refuseUnstorableText } from '../web/unstorable-text.js';

export const ROUTE_GROUPS = [meRoutes, orgRoutes, logRoutes, memberRoutes, memberChangeRoutes, invitationRoutes, domainRoutes, alertRoutes, apiKeyRoutes, billingRoutes, ssoConnectionRoutes, scimTokenRoutes, eventRoutes, webhookRoutes, seatRequestRoutes];

export function apiRouter(deps: ApiDeps): Router {
  const outer = Router();
  const v1 = Router();
  const routes = new ApiRoutes();
  for (const group of ROUTE_GROUPS) group(v1, routes, deps);
  const doc = () => openApiDocument(routes.specs, deps.config.publicUrl);
  outer.get('/api/openapi.json', (_req, res) => { res.json(doc()); });
  outer.get('/api/docs', (_req, res) => { res.type('html').send(openApiPage(doc())); });
  // Applications read the events feed with their own client credentials (HTTP Basic).
  outer.get('/api/v1/events', refuseUnstorableText(), appEventsFeed(deps));
  // Text that cannot be stored (a NUL, an unpaired surrogate, bytes that are not UTF-8) anywhere
  // in the URL or the body is 400 INVALID_INPUT naming the field, before any route reads it.
  outer.use('/api/v1', express.json({ limit: '1mb', verify: rememberNonUtf8Body }),
    authenticate({ db: deps.db, clock: deps.clock, session: deps.session ?? null, publicUrl: deps.config.publicUrl }), refuseUnstorableText(), v1);
  return outer;
}
