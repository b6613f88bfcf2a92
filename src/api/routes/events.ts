// The events feed (like WorkOS's Events API): what applications hear, in a stable order, after a
// cursor, with no gaps and no duplicates (src/domain/events/feed.ts). An organization reads its
// own with an API key or a session (`events.read`); an application reads the events of every
// organization it serves with its own credentials, HTTP Basic `client_id:client_secret`.
import type { Request, RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { MAX_FEED_PAGE, readFeed } from '../../domain/events/feed.js';
import { appOrgIds, appSecretMatches, findApp } from '../../domain/apps/apps.js';
import { InvalidInput, Unauthenticated } from '../../domain/errors.js';
import { limitParam } from '../schemas.js';

const query = z.object({
  after: z.string().max(200).optional().describe('the nextCursor of the previous page; absent: from the oldest event kept'),
  limit: limitParam(MAX_FEED_PAGE, 100),
});

export const feedPage = z.object({
  data: z.array(z.object({
    id: z.string().describe('stable: the same on every read and as webhook-id'), type: z.string(), createdAt: z.string(),
    organizationId: z.uuid(), data: z.record(z.string(), z.unknown()),
  })),
  nextCursor: z.string().nullable().describe('send as `after` to read on; unchanged when nothing new arrived'),
  hasMore: z.boolean(),
});

export function eventRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  routes.add(router, {
    method: 'get', path: '/events', tag: 'Events', permission: 'events.read',
    summary: 'The events feed of the organization, oldest first after a cursor (applications: HTTP Basic with their client credentials, every organization they serve)',
    query,
    response: { status: 200, schema: feedPage, description: 'A page of events' },
    handler: async ({ principal, query: q }) => readFeed(deps.db, { orgIds: [principal.orgId] }, q.after, q.limit),
  });
}

/** GET /api/v1/events for an application (HTTP Basic); other requests go on to the admin API. */
export function appEventsFeed(deps: ApiDeps): RequestHandler {
  return async (req, res, next) => {
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!basic) { next(); return; }
    const app = await authenticateApp(deps, req, Buffer.from(basic[1]!, 'base64').toString('utf8'));
    const parsed = query.safeParse(req.query);
    if (!parsed.success) throw new InvalidInput(String(parsed.error.issues[0]!.path[0] ?? 'query'), parsed.error.issues[0]!.message);
    res.set('Cache-Control', 'no-store').json(await readFeed(deps.db, { orgIds: await appOrgIds(deps.db, app) }, parsed.data.after, parsed.data.limit));
  };
}

async function authenticateApp(deps: ApiDeps, req: Request, credentials: string) {
  const colon = credentials.indexOf(':');
  const decode = (s: string) => { try { return decodeURIComponent(s.replace(/\+/g, '%20')); } catch { return s; } };
  const app = colon > 0 ? await findApp(deps.db, decode(credentials.slice(0, colon))) : null;
  if (!app || !appSecretMatches(app, decode(credentials.slice(colon + 1)), deps.clock.now())) {
    req.res?.set('WWW-Authenticate', 'Basic realm="seatgate-events"');
    throw new Unauthenticated('Send the application\'s client_id and client_secret with HTTP Basic, or an API key as a bearer token.');
  }
  return app;
}
