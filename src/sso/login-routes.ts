// Home realm discovery. GET /login shows an email box; with ?email= it finds the organization
// that verified the email's domain and starts that org's connection. A person who is already
// signed in is told so, with a way on ("Continue") and a way out ("Sign out"), instead of a
// second sign-in behind their back.
import { Router } from 'express';
import { orgIdForDomain } from '../domain/orgs/domains.js';
import { getOrg } from '../domain/orgs/orgs.js';
import { primaryConnection } from '../domain/sso/connections.js';
import { emailDomain } from '../domain/members/email.js';
import { InvalidInput, NoSsoForDomain } from '../domain/errors.js';
import { escapeHtml, page, signOutButton } from '../web/page.js';
import { toPublicError } from '../web/render-error.js';
import { allowFormRedirectsToIdps } from '../web/security-headers.js';
import { currentSession, type LiveSession } from '../sessions/request-session.js';
import { safeReturnUrl } from '../sessions/return-url.js';
import { homeFor } from '../sessions/home.js';
import { resumesAppSignIn } from '../sessions/sign-in-refusal.js';
import { oidcEndpoints, samlEndpoints } from '../federation/endpoints.js';
import type { SsoDeps } from './deps.js';

export function loginRoutes(deps: SsoDeps): Router {
  const router = Router();

  router.get('/login', async (req, res) => {
    const returnTo = safeReturnUrl(req.query.return_to, deps.config.publicUrl, deps.config.returnOrigins);
    res.set('Cache-Control', 'no-store');
    const session = await currentSession(req, deps.session);
    if (session) { res.type('html').send(await signedInPage(deps, session, returnTo)); return; }
    allowFormRedirectsToIdps(res, deps.config.publicUrl);
    const cancel = resumesAppSignIn(returnTo, deps.config.publicUrl) ? `${new URL(returnTo, deps.config.publicUrl).pathname}/abort` : null;
    if (typeof req.query.email !== 'string' || !req.query.email.trim()) { res.type('html').send(loginPage(returnTo, undefined, undefined, cancel)); return; }
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
      const orgName = err instanceof NoSsoForDomain ? await orgNameForDomain(deps, err.domain) : null;
      res.status(pub.status).type('html').send(loginPage(returnTo, req.query.email, noSsoMessage(err.message, orgName), cancel));
    }
  });
  return router;
}

/** A verified domain whose org has no connection yet: say who has to act. */
async function orgNameForDomain(deps: SsoDeps, domain: string): Promise<string | null> {
  try {
    const orgId = await orgIdForDomain(deps.db, domain);
    return orgId ? (await getOrg(deps.db, orgId)).name : null;
  } catch { return null; }
}

function noSsoMessage(message: string, orgName: string | null): string {
  return orgName
    ? `${orgName} has not finished setting up single sign-on, so nobody can sign in with this email yet. An administrator of ${orgName} must finish single sign-on set-up first.`
    : message;
}

async function signedInPage(deps: SsoDeps, session: LiveSession, returnTo: string): Promise<string> {
  const org = await getOrg(deps.db, session.orgId);
  const next = returnTo === '/' ? homeFor(session.member.role) : returnTo;
  return page('You are signed in', `<p>You are signed in as <strong>${escapeHtml(session.member.email)}</strong> (${escapeHtml(org.name)}).</p>
<div class="actions"><a class="button" href="${escapeHtml(next)}">Continue</a>${signOutButton('secondary')}</div>
<p class="muted">To sign in as someone else, sign out first.</p>`, { signedIn: { email: session.member.email, orgName: org.name } });
}

/** `cancel`: for a sign-in an application asked for, the way back to it (it receives access_denied). */
function loginPage(returnTo: string, email?: string, error?: string, cancel?: string | null): string {
  const links = [...(cancel ? [{ href: cancel, label: 'Cancel and go back to the application' }] : []), ...(error ? [{ href: '/', label: 'Start again' }] : [])];
  return page('Sign in', `
<form method="get" action="/login">
  <label for="email">Work email</label>
  <div class="actions">
    <input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(email ?? '')}">
    <input type="hidden" name="return_to" value="${escapeHtml(returnTo)}">
    <button type="submit">Continue</button>
  </div>
</form>
${error ? `<p class="problem" role="alert">${escapeHtml(error)}</p>` : ''}
<p class="muted">You will continue at your organization's identity provider.</p>`, links.length ? { links } : {});
}
