// The SCIM 2.0 service under /scim/v2: JSON bodies (application/scim+json or application/json)
// up to SCIM_MAX_BODY_BYTES — room for a 10,000-member group PATCH, 413 in SCIM form beyond —
// with prototype-polluting keys refused at parse time; bearer-token auth that decides the org;
// text that cannot be stored refused (refuse-unstorable-text.ts); then the resource routes.
// Anything unmatched is a SCIM 404; every error is in SCIM form.
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import { scimAuth } from './auth.js';
import type { ScimTokenCache } from '../domain/scim-tokens/token-cache.js';
import { sendScimError } from './scim-error.js';
import { discoveryRoutes } from './discovery-routes.js';
import { usersRoutes } from './users-routes.js';
import { groupsRoutes } from './groups-routes.js';
import { SCIMMY } from './schemas.js';
import { rememberNonUtf8Body } from '../web/unstorable-text.js';
import { refuseUnstorableScimText } from './refuse-unstorable-text.js';

export interface ScimDeps {
  db: Kysely<Database>; clock: Clock; publicUrl: string; maxBodyBytes: number;
  /** Authenticated tokens in memory, invalidated across processes; without it every request reads its token. */
  tokenCache?: ScimTokenCache | undefined;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

class PollutingKey extends SyntaxError {}

export function scimRouter(deps: ScimDeps): Router {
  const router = Router();
  const baseUrl = () => `${deps.publicUrl}/scim/v2`;
  router.use(express.json({
    limit: deps.maxBodyBytes,
    // IdPs send application/scim+json or application/json; Microsoft's suite sometimes neither.
    type: () => true,
    strict: true,
    reviver: (key, value) => {
      if (FORBIDDEN_KEYS.has(key)) throw new PollutingKey(`"${key}" is not an attribute name`);
      return value;
    },
    verify: rememberNonUtf8Body,
  }));
  router.use(scimAuth(deps.db, deps.clock, deps.tokenCache));
  // A NUL, an unpaired surrogate or non-UTF-8 bytes in the URL or body: 400, logged for the org.
  router.use(refuseUnstorableScimText(deps.db));
  router.use(discoveryRoutes(baseUrl));
  router.use(usersRoutes(deps.db, baseUrl));
  router.use(groupsRoutes(deps.db, baseUrl));
  router.use((req: Request, res: Response) => {
    sendScimError(req, res, new SCIMMY.Types.Error(404, null as unknown as string, `Nothing at ${req.method} /scim/v2${req.path}.`));
  });
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; body?: unknown };
    if (e?.type === 'entity.parse.failed') { sendScimError(req, res, new SCIMMY.Types.Error(400, 'invalidSyntax', 'The request body is not valid JSON, or names a forbidden key.')); return; }
    sendScimError(req, res, err);
  });
  return router;
}
