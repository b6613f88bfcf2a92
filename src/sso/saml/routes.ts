// SAML endpoints of each connection: SP metadata, SP-initiated login (HTTP-Redirect binding) and
// the Assertion Consumer Service (HTTP-POST binding). Thin: parse, validate, hand to the domain.
// On an https PUBLIC_URL each AuthnRequest is bound to the browser that asked for it (a
// SameSite=None flow cookie, src/sso/browser-binding.ts), checked and cleared at the ACS. A login
// with ?test=1 is an Owner's test sign-in (src/sso/sign-in-test.ts): same checks, no session.
import express, { Router, type Request } from 'express';
import { getConnection } from '../../domain/sso/connections.js';
import { SsoConnectionNotFound, SsoRejected } from '../../domain/errors.js';
import type { SsoConnection } from '../../db/schema.js';
import type { SsoDeps } from '../deps.js';
import { serviceProvider, spMetadata } from './service-provider.js';
import { validateSamlResponse, MAX_RESPONSE_BYTES } from './validate-response.js';
import { completeSignIn, refuseProtocol } from '../complete-sign-in.js';
import { safeReturnUrl } from '../../sessions/return-url.js';
import { bindFlow, clearFlow, flowPolicy, matchFlow, presentedFlows } from '../browser-binding.js';
import { markTest, sendTestResult, testStartedBy } from '../sign-in-test.js';

export function samlRoutes(deps: SsoDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: MAX_RESPONSE_BYTES * 2, parameterLimit: 10 });

  router.get('/sso/saml/:id/metadata', async (req, res) => {
    const conn = await samlConnection(deps, req);
    res.type('application/samlmetadata+xml').send(spMetadata(serviceProvider(deps.db, conn, deps.sp, deps.clock), deps.sp));
  });

  router.get('/sso/saml/:id/login', async (req, res) => {
    const conn = await samlConnection(deps, req);
    const tester = await testStartedBy(req, deps, conn);
    const returnTo = safeReturnUrl(req.query.return_to, deps.config.publicUrl, deps.config.returnOrigins);
    const sp = serviceProvider(deps.db, conn, deps.sp, deps.clock);
    // RelayState carries the return URL; it is checked against the allow-list again at the ACS.
    const url = await sp.saml.getAuthorizeUrlAsync(returnTo, undefined, {});
    const policy = flowPolicy(deps.config.publicUrl, 'saml', conn.id);
    const requestId = sp.cache.issued.at(-1);
    if (policy && requestId) bindFlow(req, res, requestId, policy, deps.clock.now());
    if (tester) {
      if (!requestId) throw new Error('node-saml issued no AuthnRequest id to mark as a test');
      await markTest(deps, conn, tester, requestId);
    }
    res.redirect(302, url);
  });

  router.post('/sso/saml/:id/acs', form, async (req, res) => {
    const conn = await samlConnection(deps, req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const policy = flowPolicy(deps.config.publicUrl, 'saml', conn.id);
    const presented = policy ? presentedFlows(req) : null;
    let who;
    try {
      who = await validateSamlResponse(deps.db, conn, String(body.SAMLResponse ?? ''), deps.sp, deps.clock, presented);
    } catch (err) {
      if (err instanceof SsoRejected) { await refuseProtocol(req, res, deps, conn, err); return; }
      throw err;
    }
    const used = policy && presented && who.inResponseTo ? matchFlow(presented, who.inResponseTo) : null;
    if (policy && used) clearFlow(res, used, policy);
    if (await sendTestResult(req, res, deps, who, who.inResponseTo)) return;
    await completeSignIn(req, res, deps, who, body.RelayState);
  });
  return router;
}

async function samlConnection(deps: SsoDeps, req: Request): Promise<SsoConnection> {
  const conn = await getConnection(deps.db, String(req.params.id));
  if (conn.kind !== 'saml' || !conn.enabled) throw new SsoConnectionNotFound(conn.id);
  return conn;
}
