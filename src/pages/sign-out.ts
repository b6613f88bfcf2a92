// Signing out. GET /logout asks (a link or a prefetch must not sign anyone out); POST /logout
// ends the session on the server — the row is revoked, so a copied cookie stops working in every
// process — clears the cookie and lands on "You are signed out". A cross-site form cannot sign a
// person out.
import { Router } from 'express';
import { CrossSiteRequest } from '../domain/errors.js';
import { getOrg } from '../domain/orgs/orgs.js';
import { escapeHtml, page } from '../web/page.js';
import { sendError, toPublicError } from '../web/render-error.js';
import { isCrossSite } from '../web/same-origin.js';
import { currentSession, endSession } from '../sessions/request-session.js';
import { homeFor } from '../sessions/home.js';
import type { PageDeps } from './deps.js';

export function signOutPages(deps: PageDeps): Router {
  const router = Router();
  router.use(['/logout', '/signed-out'], (_req, res, next) => { res.set('Cache-Control', 'no-store'); next(); });

  router.get('/logout', async (req, res) => {
    const session = await currentSession(req, deps.session);
    if (!session) {
      res.type('html').send(page('You are not signed in', '<p>There is no session to end in this browser.</p>', { links: [{ href: '/login', label: 'Sign in' }, { href: '/', label: 'Start page' }] }));
      return;
    }
    const org = await getOrg(deps.db, session.orgId);
    res.type('html').send(page('Sign out?', `<p>You are signed in as <strong>${escapeHtml(session.member.email)}</strong> (${escapeHtml(org.name)}).</p>
<form method="post" action="/logout" class="actions"><button type="submit">Sign out</button><a href="${homeFor(session.member.role)}">Cancel</a></form>`,
    { signedIn: { email: session.member.email, orgName: org.name } }));
  });

  router.post('/logout', async (req, res) => {
    if (isCrossSite(req, deps.config.publicUrl)) { sendError(req, res, toPublicError(new CrossSiteRequest(req.get('origin') ?? null))); return; }
    const ended = await endSession(req, res, deps.session);
    req.log?.info({ session: ended?.id ?? null }, 'signed out');
    if (req.accepts(['json', 'html']) === 'html') res.redirect(303, '/signed-out');
    else res.status(204).end();
  });

  router.get('/signed-out', (_req, res) => {
    res.type('html').send(page('You are signed out', '<p>Your session has ended, here and on the server: this browser\'s sign-in cookie no longer works anywhere.</p>',
      { links: [{ href: '/login', label: 'Sign in again' }, { href: '/', label: 'Start page' }] }));
  });
  return router;
}
