// The pages an invitee sees: GET /invite/:token shows who invites them where, with an Accept
// button (GET never changes anything, so link scanners in mail systems cannot accept for them);
// POST accepts. Every failure is a readable page saying what happened and that nothing changed.
// The token is in the URL, so these pages are never cached and never leak it as a Referer.
import { Router, type Request, type Response } from 'express';
import type { AcceptDeps } from '../domain/invitations/accept.js';
import { acceptInvitation, openInvitation } from '../domain/invitations/accept.js';
import { DomainError, StorageUnavailable } from '../domain/errors.js';
import { seatCounts } from '../domain/seats/allocator.js';
import { ERROR_TABLE } from './error-table.js';
import { escapeHtml, page } from './page.js';
import { sendUnavailablePage } from './unavailable-page.js';
import { logUnavailable } from './render-error.js';

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
      const room = inv.seat_tier ? counts[inv.seat_tier].claimed < counts[inv.seat_tier].purchased : (['premium', 'standard'] as const).some((t) => counts[t].claimed < counts[t].purchased);
      const warning = room ? '' : '<p><strong>No seat is free for you right now.</strong> Accepting will not work until an administrator of the organization frees or adds a seat; this link stays valid until then.</p>';
      res.type('html').send(page(`Join ${org.name}`, `<p><strong>${escapeHtml(inv.email)}</strong> is invited to join <strong>${escapeHtml(org.name)}</strong> as ${escapeHtml(inv.role)}${tier}.</p>${warning}
<form method="post"><button type="submit">Accept the invitation</button></form>
<p class="muted">This link works until ${escapeHtml(inv.expires_at.toISOString().replace('T', ' ').slice(0, 16))} UTC.</p>`));
    } catch (err) { failure(req, res, err); }
  });
  router.post('/invite/:token', async (req, res) => {
    try {
      const { member, org } = await acceptInvitation(deps, String(req.params.token), String(req.id ?? '') || null);
      res.type('html').send(page(`Welcome to ${org.name}`, `<p>You are now a member of <strong>${escapeHtml(org.name)}</strong> as ${escapeHtml(member.email)} (${escapeHtml(member.role)}, ${escapeHtml(member.seat_tier ?? '')} seat).</p>
<p>Sign in through your organization's single sign-on to start.</p>`));
    } catch (err) { failure(req, res, err); }
  });
  return router;
}

function failure(req: Request, res: Response, err: unknown): void {
  if (err instanceof StorageUnavailable) { logUnavailable(req, err); sendUnavailablePage(req, res); return; }
  const mapped = err instanceof DomainError ? ERROR_TABLE[err.code] : undefined;
  if (!mapped || !(err instanceof DomainError)) throw err;
  const message = err.code === 'SEATS_EXHAUSTED'
    ? 'The organization has no free seat for you right now, so you have not been added. Nothing was changed: ask an administrator of the organization to free or add a seat, then open this link again.'
    : `${err.message} Nothing was changed.`;
  req.log?.info({ code: err.code }, 'invitation link refused');
  res.status(mapped.http).type('html').send(page(mapped.title, `<p>${escapeHtml(message)}</p><p class="muted">Reference: ${escapeHtml(err.code)}, request ${escapeHtml(String(req.id ?? ''))}</p>`));
}
