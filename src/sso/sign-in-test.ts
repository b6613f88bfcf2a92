// Test sign-ins at the SSO edge. `/sso/{saml|oidc}/:id/login?test=1`, opened by a signed-in
// Owner of the connection's organization (the Identity page's "Test sign-in", in a new tab),
// marks its flow as a test; the IdP's answer to that flow goes through every protocol check as
// usual, and then shows what the IdP sent and what a real sign-in would do — instead of a session.
// Nobody is signed in, created or linked, and the Owner's own session stays as it was: an IT
// admin testing with another account at the IdP is not signed out of the console.
import type { Request, Response } from 'express';
import type { SsoConnection } from '../db/schema.js';
import { SessionRequired, SsoConnectionNotFound } from '../domain/errors.js';
import { authorize } from '../domain/roles/permissions.js';
import { finishSignInTest, markSignInTest } from '../domain/sso/sign-in-tests.js';
import type { SsoIdentity } from '../domain/members/sign-in.js';
import type { SignInPreview } from '../domain/members/sign-in-preview.js';
import { getOrg } from '../domain/orgs/orgs.js';
import { escapeHtml, page } from '../web/page.js';
import { currentSession } from '../sessions/request-session.js';
import type { SsoDeps } from './deps.js';

export const IDENTITY_PAGE = '/admin/identity';

/** The member id of the Owner starting a test, or null for an ordinary sign-in; refuses anyone else. */
export async function testStartedBy(req: Request, deps: SsoDeps, conn: SsoConnection): Promise<string | null> {
  if (req.query.test === undefined) return null;
  const session = await currentSession(req, deps.session);
  if (!session) throw new SessionRequired('Sign in to the admin console as an Owner of the organization to test its single sign-on.');
  if (session.orgId !== conn.org_id) throw new SsoConnectionNotFound(conn.id);
  authorize(session.member.role, 'sso.manage');
  return session.memberId;
}

export async function markTest(deps: SsoDeps, conn: SsoConnection, startedBy: string, flowId: string): Promise<void> {
  await markSignInTest(deps.db, { connectionId: conn.id, orgId: conn.org_id, startedBy, flowId }, deps.clock.now());
}

/** When the flow was a test: the result page is sent and true returned; false for a real sign-in. */
export async function sendTestResult(req: Request, res: Response, deps: SsoDeps, who: SsoIdentity & { groups?: string[] }, flowId: string | null): Promise<boolean> {
  const done = await finishSignInTest(deps.db, who, flowId, { clock: deps.clock, requestId: String(req.id ?? '') || null });
  if (!done) return false;
  const org = await getOrg(deps.db, who.orgId);
  const ok = done.preview.outcome !== 'refused';
  const name = who.displayName ?? ([who.givenName, who.familyName].filter(Boolean).join(' ') || null);
  const facts: Array<[string, string | null | undefined]> = [
    ['Connection', who.connection.label], ['Subject (SAML NameID / OIDC sub)', who.subject], ['Email', who.email], ['Name', name],
    ['Groups', who.groups?.length ? who.groups.join(', ') : null],
  ];
  res.set('Cache-Control', 'no-store').type('html').send(page(ok ? 'Test sign-in worked' : 'Test sign-in: this person would be refused', `
<p>${escapeHtml(who.connection.label)} answered correctly: its response passed every check (signature, audience, time, request).
<strong>Nobody was signed in</strong> by this test, and your own session is unchanged.</p>
<h2>What the identity provider sent</h2>
<dl class="facts">${facts.filter(([, v]) => v).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v!)}</dd>`).join('')}</dl>
<h2>At a real sign-in</h2>
<p${ok ? '' : ' class="problem"'}>${escapeHtml(outcome(done.preview, who, org.name))}</p>
<div class="actions"><a class="button" href="${IDENTITY_PAGE}">Back to Identity</a></div>
<p class="muted">Test started by ${escapeHtml(done.startedBy.email)}; it is in the provisioning log. You can close this tab.</p>`));
  return true;
}

function outcome(p: SignInPreview, who: SsoIdentity, orgName: string): string {
  const role = (r: string) => r.replace('_', ' ');
  switch (p.outcome) {
    case 'signs_in': return `${who.email} signs in as the member ${p.member.email} (${role(p.member.role)}, ${p.member.seat_tier} seat).`;
    case 'links': return `${p.member.email} is a member (${role(p.member.role)}, ${p.member.seat_tier} seat) who has not signed in through ${who.connection.label} before: their first sign-in links this identity to them.`;
    case 'creates': return `Nobody in ${orgName} has this email yet: the first sign-in creates a member with a ${p.tier} seat (accounts at first sign-in are on).`;
    case 'refused': return `A real sign-in would be refused: ${p.error.message}`;
  }
}
