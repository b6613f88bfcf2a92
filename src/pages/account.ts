// The employee page: after signing in, a person sees their organization (by name), their email,
// role and seat tier with what that tier includes, and a Sign out button — never raw JSON. The
// same facts stay available as JSON at GET /me for scripts (Accept: application/json, the
// default); a browser asking /me for HTML is sent to /account.
import { Router, type Request, type Response } from 'express';
import type { Role } from '../db/schema.js';
import { getOrg } from '../domain/orgs/orgs.js';
import { describeEntitlements, entitlementsFor } from '../domain/seats/entitlements.js';
import { tierName } from '../domain/seats/tiers.js';
import { SessionRequired } from '../domain/errors.js';
import { escapeHtml, page, signOutButton } from '../web/page.js';
import { sendError, toPublicError } from '../web/render-error.js';
import { clearSessionCookie } from '../sessions/session-cookie.js';
import { currentSession, type LiveSession } from '../sessions/request-session.js';
import { ACCOUNT_PATH, CONSOLE_PATH, homeFor } from '../sessions/home.js';
import type { PageDeps } from './deps.js';

export const ROLE_NAMES: Readonly<Record<Role, string>> = { primary_owner: 'Primary owner', owner: 'Owner', admin: 'Admin', member: 'Member' };

export function accountPages(deps: PageDeps): Router {
  const router = Router();

  router.get(ACCOUNT_PATH, async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const session = await currentSession(req, deps.session);
    if (!session) { res.redirect(303, `/login?return_to=${encodeURIComponent(ACCOUNT_PATH)}`); return; }
    res.type('html').send(await accountPage(deps, session, req.query.from === 'admin'));
  });

  router.get('/me', async (req, res) => {
    res.set({ 'Cache-Control': 'no-store', Vary: 'Accept' });
    const session = await currentSession(req, deps.session);
    if (req.accepts(['json', 'html']) === 'html') { res.redirect(303, session ? ACCOUNT_PATH : '/login'); return; }
    if (!session) { refuse(req, res, deps); return; }
    const org = await getOrg(deps.db, session.orgId);
    const { member } = session;
    res.json({
      member: { id: session.memberId, email: member.email, displayName: member.displayName, role: member.role },
      org: { id: org.id, slug: org.slug, name: org.name },
      seat: { tier: member.tier }, entitlements: entitlementsFor(member.tier),
      session: { authenticatedAt: session.createdAt.toISOString(), absoluteExpiry: session.expiresAt.toISOString() },
    });
  });
  return router;
}

function refuse(req: Request, res: Response, deps: PageDeps): void {
  clearSessionCookie(res, deps.session);
  sendError(req, res, toPublicError(new SessionRequired()));
}

async function accountPage(deps: PageDeps, session: LiveSession, fromConsole: boolean): Promise<string> {
  const org = await getOrg(deps.db, session.orgId);
  const { member } = session;
  const includes = describeEntitlements(entitlementsFor(member.tier)).map((line) => `<li>${escapeHtml(line)}</li>`).join('');
  const consoleLink = homeFor(member.role) === CONSOLE_PATH
    ? `<p>You manage ${escapeHtml(org.name)}: <a href="${CONSOLE_PATH}">open the admin console</a>.</p>` : '';
  const until = session.expiresAt.toISOString().replace('T', ' ').slice(0, 16);
  // A Member sent here from /admin: say why they are not in the console, and who can change that.
  const notice = fromConsole && homeFor(member.role) !== CONSOLE_PATH
    ? `<p class="notice" role="status">The admin console is for Owners and Admins of ${escapeHtml(org.name)}. You are a ${ROLE_NAMES[member.role]}: ask an Owner of ${escapeHtml(org.name)} if you need to manage it.</p>\n` : '';
  return page('Your account', `${notice}<dl class="facts">
  <dt>Organization</dt><dd>${escapeHtml(org.name)}</dd>
  <dt>Email</dt><dd>${escapeHtml(member.email)}</dd>
  ${member.displayName ? `<dt>Name</dt><dd>${escapeHtml(member.displayName)}</dd>` : ''}
  <dt>Role</dt><dd>${ROLE_NAMES[member.role]}</dd>
  <dt>Seat</dt><dd>${escapeHtml(tierName(member.tier))}</dd>
</dl>
<h2>Your ${member.tier} seat includes</h2>
<ul>${includes}</ul>
${consoleLink}
<div class="actions">${signOutButton()}</div>
<p class="muted">This session ends after ${Math.round(deps.session.idleMs / 60_000)} idle minutes, and at the latest at ${escapeHtml(until)} UTC.</p>`,
  { signedIn: { email: member.email, orgName: org.name } });
}
