// GET /: where a new operator or a person without a bookmark starts. Signed in, a person goes on
// to where they belong (the console or their account page). Otherwise the page says what this
// Seatgate is for and how to begin: sign in with a work email, or — for the operator of a new
// deployment — create the first organization and a console link with the command line.
import { Router } from 'express';
import { escapeHtml, page } from '../web/page.js';
import { currentSession } from '../sessions/request-session.js';
import { homeFor } from '../sessions/home.js';
import type { PageDeps } from './deps.js';

export function landingPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const session = await currentSession(req, deps.session);
    if (session) { res.redirect(303, homeFor(session.member.role)); return; }
    const anyOrg = await deps.db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
    res.type('html').send(page('Welcome to Seatgate', `<p>Seatgate at <strong>${escapeHtml(deps.config.publicUrl)}</strong> gives the people of each organization a seat —
premium or standard — whether they arrive through their identity provider (SCIM), single sign-on or an invitation.</p>
<div class="actions"><a class="button" href="/login">Sign in</a><span class="muted">with your work email, through your organization's single sign-on</span></div>
${anyOrg ? '' : '<p class="notice">No organization exists here yet. If you run this server, the steps below set up the first one.</p>'}
${operatorSteps(deps.dbKind)}`));
  });
  return router;
}

function operatorSteps(dbKind: string): string {
  const stopFirst = dbKind === 'pglite'
    ? `<p>Run the commands in another terminal, in the same folder as this server: with the embedded database they reach the running
server's database through its socket in <code>DATA_DIR</code>, so the server keeps running.</p>`
    : '<p>Run the commands on a machine with the same configuration as this server (same <code>DATABASE_URL</code>); the server may keep running.</p>';
  return `<h2>Getting started (for the operator)</h2>
${stopFirst}
<ol>
<li><p>Create the organization with its email domain, its seats and its first Owner:</p>
<pre>npx seatgate org create --name "Acme Corp" --domain acme.com --standard 100 --premium 10 --primary-owner jane@acme.com</pre></li>
<li><p>Print a sign-in link for that Owner. It works once, for 15 minutes:</p>
<pre>npx seatgate console-link --org acme-corp --email jane@acme.com</pre>
<p class="muted">An organization created without an Owner gets one first: <code>npx seatgate owner add --org acme-corp --email jane@acme.com</code>.</p></li>
<li><p>The Owner opens the link and lands in the admin console at <code>/admin</code>, where they connect the
organization's identity provider (single sign-on, SCIM) and invite their admins. From then on everyone signs in here with their work email.</p></li>
</ol>
<p class="muted">Every command: <code>npx seatgate --help</code>. The admin API: <a href="/api/docs">API reference</a>.</p>`;
}
