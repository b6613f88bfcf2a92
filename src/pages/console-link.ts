// The console sign-in link an operator prints with `seatgate console-link`. GET shows whom the
// link signs in, with a button (GET changes nothing, so mail and chat link scanners cannot use
// it up); POST uses it once, ends any session this browser had, starts a new one and goes to the
// console. Every refusal is a readable page that says what to do. The token is in the URL: these
// pages are never cached.
import { Router, type Request, type Response } from 'express';
import { CrossSiteRequest, DomainError } from '../domain/errors.js';
import { openConsoleLink, useConsoleLink } from '../domain/console-links/console-links.js';
import { ERROR_TABLE } from '../web/error-table.js';
import { escapeHtml, page, WAY_BACK } from '../web/page.js';
import { isCrossSite } from '../web/same-origin.js';
import { revokeCurrentSession } from '../sessions/request-session.js';
import { writeSessionCookie } from '../sessions/session-cookie.js';
import { CONSOLE_PATH } from '../sessions/home.js';
import { ROLE_NAMES } from './account.js';
import type { PageDeps } from './deps.js';

export function consoleLinkPages(deps: PageDeps): Router {
  const router = Router();
  router.use('/console-link', (_req, res, next) => { res.set('Cache-Control', 'no-store'); next(); });

  router.get('/console-link/:token', async (req, res) => {
    try {
      const { org, member, expiresAt } = await openConsoleLink(deps.db, String(req.params.token), deps.clock);
      res.type('html').send(page(`Sign in to ${org.name}`, `<p>This link signs <strong>${escapeHtml(member.email)}</strong> (${ROLE_NAMES[member.role]} of
<strong>${escapeHtml(org.name)}</strong>) into the admin console.</p>
<form method="post" class="actions"><button type="submit">Sign in to the console</button></form>
<p class="muted">The link works once, until ${escapeHtml(expiresAt.toISOString().replace('T', ' ').slice(0, 16))} UTC. If you did not ask for it, close this page.</p>`));
    } catch (err) { refusal(req, res, err); }
  });

  router.post('/console-link/:token', async (req, res) => {
    try {
      if (isCrossSite(req, deps.config.publicUrl)) throw new CrossSiteRequest(req.get('origin') ?? null);
      const used = await useConsoleLink(deps.db, String(req.params.token), deps.session, deps.clock, String(req.id ?? '') || null);
      await revokeCurrentSession(req, deps.session);
      await writeSessionCookie(res, deps.session, used.session.secret, used.session.expiresAt, deps.clock.now());
      req.log?.info({ org: used.org.id, member: used.member.id, session: used.session.id }, 'signed in with a console link');
      res.redirect(303, CONSOLE_PATH);
    } catch (err) { refusal(req, res, err); }
  });
  return router;
}

function refusal(req: Request, res: Response, err: unknown): void {
  const known = err instanceof DomainError ? err : null;
  const mapped = known ? ERROR_TABLE[known.code] : undefined;
  if (!known || !mapped) throw err;
  req.log?.info({ code: known.code }, 'console link refused');
  const again = known instanceof CrossSiteRequest ? '' : '<p>The operator can print a new link with <code>seatgate console-link --org SLUG --email OWNER</code>.</p>';
  res.status(mapped.http).type('html').send(page(mapped.title, `<p class="problem">${escapeHtml(known.message)}</p>${again}
<p class="muted">Reference: ${escapeHtml(known.code)}, request ${escapeHtml(String(req.id ?? ''))}</p>`,
  { links: WAY_BACK }));
}
