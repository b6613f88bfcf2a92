// The end of every SSO sign-in, SAML or OIDC: hand the validated identity to the domain, then
// either set the session and redirect to the (allow-listed) return URL, or show the person a
// readable page saying why not. Refusals by the protocol checks are logged for the org's admins.
import type { Request, Response } from 'express';
import type { SsoConnection } from '../db/schema.js';
import { DomainError, NoSeatsAvailable, SsoRejected, StorageUnavailable } from '../domain/errors.js';
import { recordSsoRejection, signIn, type SsoIdentity } from '../domain/members/sign-in.js';
import { getOrg } from '../domain/orgs/orgs.js';
import { ERROR_TABLE } from '../http/error-table.js';
import { escapeHtml, page } from '../http/page.js';
import { issueSession } from './session/session-cookie.js';
import { safeReturnUrl } from './session/return-url.js';
import type { SsoDeps } from './deps.js';

export async function completeSignIn(req: Request, res: Response, deps: SsoDeps, who: SsoIdentity, returnTo: unknown): Promise<void> {
  const opts = { clock: deps.clock, requestId: String(req.id ?? '') || null };
  try {
    const { member } = await signIn(deps.db, who, opts);
    await issueSession(res, deps.session, { memberId: member.id, orgId: member.org_id, email: member.email, role: member.role, tier: member.seat_tier! }, deps.clock.now());
    res.redirect(303, safeReturnUrl(returnTo, deps.config.publicUrl, deps.config.returnOrigins));
  } catch (err) {
    // An outage is no refusal: the error renderer shows the "try again" page.
    if (!(err instanceof DomainError) || err instanceof StorageUnavailable) throw err;
    await refusalPage(req, res, deps, who.orgId, err);
  }
}

/** A protocol-level refusal (signature, audience, state…): logged for the org, explained to the person. */
export async function refuseProtocol(req: Request, res: Response, deps: SsoDeps, conn: SsoConnection, err: SsoRejected): Promise<void> {
  req.log?.info({ code: err.code, detail: err.detail, connection: conn.id }, 'SSO sign-in refused');
  try {
    await recordSsoRejection(deps.db, conn.org_id, { id: conn.id, label: conn.label }, err, { clock: deps.clock, requestId: String(req.id ?? '') || null });
  } catch (logErr) {
    req.log?.warn({ err: logErr }, 'could not log the SSO refusal');
  }
  await refusalPage(req, res, deps, conn.org_id, err);
}

async function refusalPage(req: Request, res: Response, deps: SsoDeps, orgId: string, err: DomainError): Promise<void> {
  const mapping = ERROR_TABLE[err.code];
  const status = mapping?.page ?? mapping?.http ?? 500;
  const orgName = await getOrg(deps.db, orgId).then((o) => o.name, () => 'Your organization');
  const message = err instanceof NoSeatsAvailable
    ? `${orgName} has no available seats right now, so your account could not be created. Ask an Owner of ${orgName} to add seats or free one, then sign in again.`
    : err.expose ? err.message : 'Sign-in failed.';
  const body = `<p>${escapeHtml(message)}</p><p class="muted">Code: ${escapeHtml(err.code)} · Request id: ${escapeHtml(String(req.id ?? ''))}</p>`;
  if (req.accepts(['html', 'json']) === 'json') {
    res.status(status).json({ error: { code: err.code, message, requestId: String(req.id ?? '') } });
    return;
  }
  res.status(status).type('html').send(page(mapping?.title ?? 'Sign-in failed', body));
}
