// What a person's browser gets while the database is unavailable (STORAGE_UNAVAILABLE): a 503
// with Retry-After and a page that says, in plain words, that this is temporary, that trying
// again in a moment is the fix, and how to get back — never a blank error or a stack trace.
import type { Request, Response } from 'express';
import { escapeHtml, page } from './page.js';

export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

// Repeating these would replay a one-time IdP answer (SAML response, OIDC code); start over instead.
const ONE_TIME = /^\/sso\/(saml|oidc)\/[^/]+\/(acs|callback)$/;

export function sendUnavailablePage(req: Request, res: Response): void {
  res.set('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS)).set('Cache-Control', 'no-store');
  res.status(503).type('html').send(unavailablePage(req));
}

export function unavailablePage(req: Request): string {
  const retryable = (req.method === 'GET' || req.method === 'HEAD') && !ONE_TIME.test(req.path) && isLocalPath(req.originalUrl);
  const links = [
    ...(retryable ? [`<a href="${escapeHtml(req.originalUrl)}">Try again</a>`] : []),
    '<a href="/login">Back to sign-in</a>',
  ];
  const what = req.method === 'POST'
    ? 'What you sent may not have been saved. Please try again in a minute; if you were accepting an invitation, open its link again to see where it stands.'
    : 'Please try again in a minute.';
  return page('Temporarily unavailable', `<p>Seatgate cannot reach its database at the moment. This is usually over quickly. ${escapeHtml(what)}</p>
<p>${links.join(' · ')}</p>
<p class="muted">Request id: ${escapeHtml(String(req.id ?? ''))}</p>`);
}

/** A path on our own origin (not `//host`, which a browser reads as another site). */
function isLocalPath(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\');
}
