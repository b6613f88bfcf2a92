// Mounts the OpenID Provider: its interaction step (ours, express), then everything oidc-provider
// answers itself — discovery at the issuer's /.well-known/openid-configuration and every endpoint
// under /oidc/ (authorization, token, userinfo, JWKS, logout, revocation, introspection).
// oidc-provider reads its own request bodies, so nothing ahead of it may parse them.
import { Router } from 'express';
import { interactionRoutes } from './interaction-routes.js';
import { providerHolder, type ProviderHolder } from './current-provider.js';
import { OP_PREFIX } from './provider.js';
import type { OpDeps } from './deps.js';

export const DISCOVERY_PATH = '/.well-known/openid-configuration';

export function opRoutes(deps: OpDeps, holder: ProviderHolder = providerHolder(deps)): Router {
  const router = Router();
  router.use(interactionRoutes(deps, holder));
  router.use(async (req, res, next) => {
    if (req.path !== DISCOVERY_PATH && !req.path.startsWith(`${OP_PREFIX}/`)) { next(); return; }
    const handle = await holder.handler();
    handle(req, res);
  });
  return router;
}
