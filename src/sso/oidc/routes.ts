// OIDC endpoints of each connection: start (authorization code + PKCE, state, nonce) and the
// redirect URI callback. Thin: state in the database and bound to the browser by a flow cookie
// (checked before the code is redeemed), validation in callback.ts, the rest in the domain. A
// login with ?test=1 is an Owner's test sign-in (src/sso/sign-in-test.ts): same checks, no session.
import { Router, type Request } from 'express';
import * as client from 'openid-client';
import { getConnection } from '../../domain/sso/connections.js';
import { SsoConnectionNotFound, SsoRejected } from '../../domain/errors.js';
import type { SsoConnection } from '../../db/schema.js';
import type { SsoDeps } from '../deps.js';
import { clientConfigFor } from './discovery.js';
import { consumeLoginState, pendingState, saveLoginState } from './login-state.js';
import { stateFromThisBrowser } from './rules/state-from-this-browser.js';
import { bindFlow, clearFlow, flowPolicy, presentedFlows } from '../browser-binding.js';
import { finishOidcSignIn } from './callback.js';
import { fromOidcError } from './error-codes.js';
import { oidcEndpoints } from '../../federation/endpoints.js';
import { completeSignIn, refuseProtocol } from '../complete-sign-in.js';
import { safeReturnUrl } from '../../sessions/return-url.js';
import { markTest, sendTestResult, testStartedBy } from '../sign-in-test.js';

export function oidcRoutes(deps: SsoDeps): Router {
  const router = Router();
  const policy = { allowPrivate: deps.config.ssoFetchAllowPrivate, clockSkewMs: deps.config.ssoClockSkewMs };

  router.get('/sso/oidc/:id/login', async (req, res) => {
    const conn = await oidcConnection(deps, req);
    const tester = await testStartedBy(req, deps, conn);
    let config;
    try {
      config = await clientConfigFor(conn, policy, deps.clock);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await refuseProtocol(req, res, deps, conn, new SsoRejected('OIDC_IDP_UNREACHABLE', 'The identity provider could not be reached. Try again in a moment; if it persists, tell your IT admin.', reason));
      return;
    }
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const returnTo = safeReturnUrl(req.query.return_to, deps.config.publicUrl, deps.config.returnOrigins);
    await saveLoginState(deps.db, conn.id, state, { codeVerifier, nonce, returnTo }, deps.clock.now());
    if (tester) await markTest(deps, conn, tester, state);
    bindFlow(req, res, state, flowPolicy(deps.config.publicUrl, 'oidc', conn.id), deps.clock.now());
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: oidcEndpoints(deps.config.publicUrl, conn.id).redirectUri,
      scope: conn.oidc_scopes!, state, nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256',
    });
    res.redirect(302, url.href);
  });

  router.get('/sso/oidc/:id/callback', async (req, res) => {
    const conn = await oidcConnection(deps, req);
    let who;
    let returnTo: string | null = null;
    let flow: string | null = null;
    try {
      const now = deps.clock.now();
      // Known, then this browser's (a refusal leaves the state for the browser that owns it), then used up.
      const state = await pendingState(deps.db, conn.id, req.query.state, now);
      clearFlow(res, stateFromThisBrowser(state, presentedFlows(req)), flowPolicy(deps.config.publicUrl, 'oidc', conn.id));
      const saved = await consumeLoginState(deps.db, conn.id, state, now);
      if (typeof req.query.error === 'string') throw fromOidcError({ code: 'OAUTH_AUTHORIZATION_RESPONSE_ERROR', error: req.query.error, error_description: req.query.error_description });
      // The URL the IdP redirected to, rebuilt from PUBLIC_URL (never from the Host header).
      const callbackUrl = new URL(oidcEndpoints(deps.config.publicUrl, conn.id).redirectUri);
      callbackUrl.search = new URL(req.originalUrl, 'http://x').search;
      const config = await clientConfigFor(conn, policy, deps.clock);
      who = await finishOidcSignIn(conn, { config, callbackUrl, codeVerifier: saved.codeVerifier, nonce: saved.nonce, state, clockSkewMs: deps.config.ssoClockSkewMs, now });
      returnTo = saved.returnTo;
      flow = state;
    } catch (err) {
      if (err instanceof SsoRejected) { await refuseProtocol(req, res, deps, conn, err); return; }
      throw err;
    }
    if (await sendTestResult(req, res, deps, who, flow)) return;
    await completeSignIn(req, res, deps, who, returnTo);
  });
  return router;
}

async function oidcConnection(deps: SsoDeps, req: Request): Promise<SsoConnection> {
  const conn = await getConnection(deps.db, String(req.params.id));
  if (conn.kind !== 'oidc' || !conn.enabled) throw new SsoConnectionNotFound(conn.id);
  return conn;
}
