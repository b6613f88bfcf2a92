// The end of every SSO sign-in, SAML or OIDC: hand the validated identity to the domain, then
// either start a server-side session and redirect — to the (allow-listed) return URL, or by role
// to the console or the employee page — or show the person a readable page saying why not and
// what happens next. Refusals by the protocol checks are logged for the org's admins. A sign-in
// made for an application (the return URL resumes the OpenID Provider) goes back to it even when
// refused, carrying the reason, so the application receives `access_denied` saying why.
import type { Request, Response } from 'express';
import type { SsoConnection } from '../db/schema.js';
import { DomainError, NoSeatsAvailable, SignInRefused, SsoRejected } from '../domain/errors.js';
import { recordSsoRejection, signIn, type SsoIdentity } from '../domain/members/sign-in.js';
import { getOrg } from '../domain/orgs/orgs.js';
import { ERROR_TABLE } from '../web/error-table.js';
import { escapeHtml, page, WAY_BACK } from '../web/page.js';
import { signInNoSeat } from '../web/no-seat-text.js';
import { revokeCurrentSession, startSession } from '../sessions/request-session.js';
import { safeReturnUrl } from '../sessions/return-url.js';
import { homeFor } from '../sessions/home.js';
import { resumesAppSignIn, withRefusal } from '../sessions/sign-in-refusal.js';
import { whyNoSeat } from '../web/no-seat-text.js';
import type { SsoDeps } from './deps.js';

export async function completeSignIn(req: Request, res: Response, deps: SsoDeps, who: SsoIdentity, returnTo: unknown): Promise<void> {
  const opts = { clock: deps.clock, requestId: String(req.id ?? '') || null };
  try {
    const { member } = await signIn(deps.db, who, opts);
    // A sign-in replaces whatever session this browser had.
    await revokeCurrentSession(req, deps.session);
    // Null only when the member was suspended or removed between the sign-in and this moment.
    if (!(await startSession(res, deps.session, { id: member.id, orgId: member.org_id }, 'sso'))) throw new SignInRefused(member.id, 'no longer active');
    const target = safeReturnUrl(returnTo, deps.config.publicUrl, deps.config.returnOrigins);
    res.redirect(303, target === '/' ? homeFor(member.role) : target);
  } catch (err) {
    // An outage is no refusal: the error renderer shows the "try again" page.
    if (!(err instanceof DomainError)) throw err;
    if (await backToApp(res, deps, who.orgId, err, returnTo)) return;
    await refusalPage(req, res, deps, who.orgId, err);
  }
}

/** A refused sign-in for an application returns to it with the reason; false when it was not for one. */
async function backToApp(res: Response, deps: SsoDeps, orgId: string, err: DomainError, returnTo: unknown): Promise<boolean> {
  const target = safeReturnUrl(returnTo, deps.config.publicUrl, deps.config.returnOrigins);
  if (!resumesAppSignIn(target, deps.config.publicUrl)) return false;
  const orgName = await getOrg(deps.db, orgId).then((o) => o.name, () => 'your organization');
  const reason = err instanceof NoSeatsAvailable ? `No seat available in ${orgName}. ${whyNoSeat(err.counts, orgName)}`
    : err.expose ? err.message : 'Sign-in failed.';
  res.redirect(303, await withRefusal(target, deps.config.publicUrl, { code: err.code, reason }, deps.session, deps.clock.now()));
  return true;
}

/** A protocol-level refusal (signature, audience, state…): logged for the org, explained to the person. */
export async function refuseProtocol(req: Request, res: Response, deps: SsoDeps, conn: SsoConnection, err: SsoRejected): Promise<void> {
  req.log?.info({ code: err.code, detail: err.detail, connection: conn.id }, 'SSO sign-in refused');
  try {
    await recordSsoRejection(deps.db, conn.org_id, { id: conn.id, label: conn.label }, err, { clock: deps.clock, requestId: String(req.id ?? '') || null });
  } catch (logErr) {
    req.log?.warn({ err: logErr }, 'could not log the SSO refusal');
  }
  if (await backToApp(res, deps, conn.org_id, err, returnToOf(req))) return;
  await refusalPage(req, res, deps, conn.org_id, err);
}

/** The return URL a protocol callback carried (SAML RelayState); OIDC keeps it server-side. */
function returnToOf(req: Request): unknown {
  return (req.body as Record<string, unknown> | undefined)?.RelayState;
}

async function refusalPage(req: Request, res: Response, deps: SsoDeps, orgId: string, err: DomainError): Promise<void> {
  const mapping = ERROR_TABLE[err.code];
  const status = mapping?.page ?? mapping?.http ?? 500;
  const orgName = await getOrg(deps.db, orgId).then((o) => o.name, () => 'Your organization');
  const text = err instanceof NoSeatsAvailable ? signInNoSeat(err.counts, orgName) : null;
  const message = text ? `${text.headline} ${text.next}` : err.expose ? err.message : 'Sign-in failed.';
  if (req.accepts(['html', 'json']) === 'json') {
    res.status(status).json({ error: { code: err.code, message, requestId: String(req.id ?? '') } });
    return;
  }
  const body = text
    ? `<p class="problem">${escapeHtml(text.headline)}</p><p>${escapeHtml(text.next)}</p>`
    : `<p class="problem">${escapeHtml(message)}</p>`;
  res.status(status).type('html').send(page(mapping?.title ?? 'Sign-in failed',
    `${body}<p class="muted">Code: ${escapeHtml(err.code)} · Request id: ${escapeHtml(String(req.id ?? ''))}</p>`, { links: WAY_BACK }));
}
