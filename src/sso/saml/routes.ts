// SAML endpoints of each connection: SP metadata, SP-initiated login (HTTP-Redirect binding) and
// the Assertion Consumer Service (HTTP-POST binding). Thin: parse, validate, hand to the domain.
import express, { Router, type Request } from 'express';
import { getConnection } from '../../domain/sso/connections.js';
import { SsoConnectionNotFound, SsoRejected } from '../../domain/errors.js';
import type { SsoConnection } from '../../db/schema.js';
import type { SsoDeps } from '../deps.js';
import { serviceProvider, spMetadata } from './service-provider.js';
import { validateSamlResponse, MAX_RESPONSE_BYTES } from './validate-response.js';
import { completeSignIn, refuseProtocol } from '../complete-sign-in.js';
import { safeReturnUrl } from '../../sessions/return-url.js';

export function samlRoutes(deps: SsoDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: MAX_RESPONSE_BYTES * 2, parameterLimit: 10 });

  router.get('/sso/saml/:id/metadata', async (req, res) => {
    const conn = await samlConnection(deps, req);
    res.type('application/samlmetadata+xml').send(spMetadata(serviceProvider(deps.db, conn, deps.sp, deps.clock), deps.sp.signing));
  });

  router.get('/sso/saml/:id/login', async (req, res) => {
    const conn = await samlConnection(deps, req);
    const returnTo = safeReturnUrl(req.query.return_to, deps.config.publicUrl, deps.config.returnOrigins);
    const sp = serviceProvider(deps.db, conn, deps.sp, deps.clock);
    // RelayState carries the return URL; it is checked against the allow-list again at the ACS.
    res.redirect(302, await sp.saml.getAuthorizeUrlAsync(returnTo, undefined, {}));
  });

  router.post('/sso/saml/:id/acs', form, async (req, res) => {
    const conn = await samlConnection(deps, req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    let who;
    try {
      who = await validateSamlResponse(deps.db, conn, String(body.SAMLResponse ?? ''), deps.sp, deps.clock);
    } catch (err) {
      if (err instanceof SsoRejected) { await refuseProtocol(req, res, deps, conn, err); return; }
      throw err;
    }
    await completeSignIn(req, res, deps, who, body.RelayState);
  });
  return router;
}

async function samlConnection(deps: SsoDeps, req: Request): Promise<SsoConnection> {
  const conn = await getConnection(deps.db, String(req.params.id));
  if (conn.kind !== 'saml' || !conn.enabled) throw new SsoConnectionNotFound(conn.id);
  return conn;
}
