// Home realm discovery and the session endpoints. GET /login shows an email box; with ?email=
// it finds the organization that verified the email's domain and starts that org's connection.
// GET /me returns the session (re-reading the member, so a suspension or tier change shows at
// once, and sliding the idle timeout); POST /logout ends it.
import { Router, type Request, type Response } from 'express';
import { orgIdForDomain } from '../domain/orgs/domains.js';
import { primaryConnection } from '../domain/sso/connections.js';
import { activeMemberFacts } from '../domain/members/sign-in.js';
import { emailDomain } from '../domain/members/email.js';
import { DomainError, InvalidInput, NoSsoForDomain, SessionRequired } from '../domain/errors.js';
import { entitlementsFor } from '../domain/seats/entitlements.js';
import { escapeHtml, page } from '../http/page.js';
import { sendError, toPublicError } from '../http/render-error.js';
import { oidcEndpoints, samlEndpoints } from '../federation/endpoints.js';
import { clearSession, issueSession, readSession } from './session/session-cookie.js';
import { safeReturnUrl } from './session/return-url.js';
import type { SsoDeps } from './deps.js';

export function loginRoutes(deps: SsoDeps): Router {
  const router = Router();

  router.get('/login', async (req, res) => {
    const returnTo = safeReturnUrl(req.query.return_to, deps.config.publicUrl, deps.config.returnOrigins);
    if (typeof req.query.email !== 'string' || !req.query.email.trim()) { res.type('html').send(loginPage(returnTo)); return; }
    try {
      const domain = emailDomain(req.query.email);
      const orgId = await orgIdForDomain(deps.db, domain);
      const conn = orgId ? await primaryConnection(deps.db, orgId) : null;
      if (!conn) throw new NoSsoForDomain(domain);
      const start = conn.kind === 'saml' ? samlEndpoints(deps.config.publicUrl, conn.id).loginUrl : oidcEndpoints(deps.config.publicUrl, conn.id).loginUrl;
      res.redirect(302, `${start}?return_to=${encodeURIComponent(returnTo)}`);
    } catch (err) {
      if (!(err instanceof NoSsoForDomain || err instanceof InvalidInput)) throw err;
      const pub = toPublicError(err);
      res.status(pub.status).type('html').send(loginPage(returnTo, req.query.email, err.message));
    }
  });

  router.get('/me', async (req, res) => {
    const now = deps.clock.now();
    const session = await readSession(req, deps.session, now);
    const facts = session ? await activeMemberFacts(deps.db, session.orgId, session.memberId) : null;
    if (!session || !facts) { clearSession(res, deps.session); refuse(req, res, new SessionRequired()); return; }
    await issueSession(res, deps.session, { ...facts, authTime: session.authTime, sessionId: session.sessionId }, now);
    res.set('Cache-Control', 'no-store').json({
      member: { id: facts.memberId, email: facts.email, role: facts.role }, org: { id: facts.orgId },
      seat: { tier: facts.tier }, entitlements: entitlementsFor(facts.tier),
      session: { authenticatedAt: new Date(session.authTime * 1000).toISOString(), absoluteExpiry: new Date(session.authTime * 1000 + deps.session.absoluteMs).toISOString() },
    });
  });

  router.post('/logout', (req, res) => {
    // A cross-site form cannot log a person out: the Origin, when sent, must be ours.
    const origin = req.get('origin');
    if (origin && origin !== new URL(deps.config.publicUrl).origin) { refuse(req, res, new InvalidInput('origin', 'cross-site request refused')); return; }
    clearSession(res, deps.session);
    if (req.accepts(['json', 'html']) === 'html') res.redirect(303, '/login');
    else res.status(204).end();
  });
  return router;
}

function refuse(req: Request, res: Response, err: DomainError): void {
  sendError(req, res, toPublicError(err));
}

function loginPage(returnTo: string, email?: string, error?: string): string {
  return page('Sign in', `
<form method="get" action="/login">
  <label for="email">Work email</label><br>
  <input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(email ?? '')}" style="font-size:1rem;padding:.4rem;width:20rem">
  <input type="hidden" name="return_to" value="${escapeHtml(returnTo)}">
  <button type="submit" style="font-size:1rem;padding:.4rem 1rem">Continue</button>
</form>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<p class="muted">You will continue at your organization's identity provider.</p>`);
}
