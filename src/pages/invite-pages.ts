// The pages an invitee sees: GET /invite/:token shows who invites them where, with an Accept
// button (GET never changes anything, so link scanners in mail systems cannot accept for them);
// POST accepts. Both say plainly what happens next: which seat tier is full when none is free,
// and, when the organization has no single sign-on yet, that its administrator must finish that
// set-up before the invitee can sign in. Every failure is a readable page saying what happened,
// that nothing changed, and a way back. The token is in the URL, so these pages are never cached
// and never leak it as a Referer.
import { Router, type Request, type Response } from 'express';
import type { Invitation, Organization } from '../db/schema.js';
import type { AcceptDeps, OpenedInvitation } from '../domain/invitations/accept.js';
import { acceptInvitation, openInvitation } from '../domain/invitations/accept.js';
import { DomainError, NoSeatsAvailable } from '../domain/errors.js';
import { StorageUnavailable } from '../db/errors.js';
import { poolOf, seatCounts } from '../domain/seats/allocator.js';
import { primaryConnection } from '../domain/sso/connections.js';
import { ERROR_TABLE } from '../web/error-table.js';
import { invitationNoSeat } from '../web/no-seat-text.js';
import { escapeHtml, page, WAY_BACK } from '../web/page.js';
import { sendUnavailablePage } from '../web/unavailable-page.js';
import { logUnavailable } from '../web/render-error.js';

export function invitePages(deps: AcceptDeps): Router {
  const router = Router();
  router.use('/invite', (_req, res, next) => {
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' });
    next();
  });
  router.get('/invite/:token', async (req, res) => {
    try {
      const { invitation: inv, org } = await openInvitation(deps, String(req.params.token));
      const tier = inv.seat_tier ? ` with a ${inv.seat_tier} seat` : '';
      const counts = await seatCounts(deps.db, inv.org_id);
      const room = (inv.seat_tier ? [inv.seat_tier] : Object.keys(counts)).some((t) => poolOf(counts, t).claimed < poolOf(counts, t).purchased);
      const noSeat = room ? null : invitationNoSeat(counts, org.name, inv.seat_tier);
      const warning = noSeat ? `<p class="notice"><strong>${escapeHtml(noSeat.headline)}</strong> Accepting will not work until then. ${escapeHtml(noSeat.next)}</p>` : '';
      const sso = await primaryConnection(deps.db, inv.org_id) ? '' : `<p class="notice">${escapeHtml(ssoPending(org, inv))} You can accept now all the same.</p>`;
      res.type('html').send(page(`Join ${org.name}`, `<p><strong>${escapeHtml(inv.email)}</strong> is invited to join <strong>${escapeHtml(org.name)}</strong> as ${escapeHtml(inv.role)}${tier}.</p>${warning}${sso}
<form method="post"><button type="submit">Accept the invitation</button></form>
<p class="muted">This link works until ${escapeHtml(inv.expires_at.toISOString().replace('T', ' ').slice(0, 16))} UTC.</p>`));
    } catch (err) { failure(req, res, err, null); }
  });
  router.post('/invite/:token', async (req, res) => {
    let opened: OpenedInvitation | null = null;
    try {
      opened = await openInvitation(deps, String(req.params.token));
      const { member, org } = await acceptInvitation(deps, String(req.params.token), String(req.id ?? '') || null);
      const next = await primaryConnection(deps.db, org.id)
        ? `<div class="actions"><a class="button" href="/login?email=${encodeURIComponent(member.email)}">Sign in</a></div>
<p class="muted">You sign in through your organization's single sign-on, with ${escapeHtml(member.email)}.</p>`
        : `<p class="notice">You cannot sign in yet. ${escapeHtml(ssoPending(org, opened.invitation))} Once it is done, sign in at /login with ${escapeHtml(member.email)}.</p>`;
      res.type('html').send(page(`Welcome to ${org.name}`, `<p>You are now a member of <strong>${escapeHtml(org.name)}</strong> as ${escapeHtml(member.email)} (${escapeHtml(member.role)}, ${escapeHtml(member.seat_tier ?? '')} seat).</p>
${next}`));
    } catch (err) { failure(req, res, err, opened); }
  });
  return router;
}

/** Who has to act when the organization has no single sign-on connection yet. */
function ssoPending(org: Organization, inv: Invitation): string {
  const by = inv.invited_by_type === 'member' && inv.invited_by_label ? ` (${inv.invited_by_label} invited you)` : '';
  return `${org.name} has not finished setting up single sign-on, which is how its people sign in to Seatgate. An administrator of ${org.name}${by} must finish the single sign-on set-up.`;
}

function failure(req: Request, res: Response, err: unknown, opened: OpenedInvitation | null): void {
  if (err instanceof StorageUnavailable) { logUnavailable(req, err); sendUnavailablePage(req, res); return; }
  const mapped = err instanceof DomainError ? ERROR_TABLE[err.code] : undefined;
  if (!mapped || !(err instanceof DomainError)) throw err;
  let message = `${err.message} Nothing was changed.`;
  if (err instanceof NoSeatsAvailable) {
    const text = invitationNoSeat(err.counts, opened?.org.name ?? 'The organization', err.tier ?? opened?.invitation.seat_tier ?? null);
    message = `${text.headline} You have not been added. ${text.next}`;
  }
  req.log?.info({ code: err.code }, 'invitation link refused');
  res.status(mapped.http).type('html').send(page(mapped.title, `<p class="problem">${escapeHtml(message)}</p><p class="muted">Reference: ${escapeHtml(err.code)}, request ${escapeHtml(String(req.id ?? ''))}</p>`,
    { links: WAY_BACK }));
}
