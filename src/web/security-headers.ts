// Security headers on every response, so that no HTML page (ours, an error page, the API
// reference, the console) goes without them: a strict Content-Security-Policy (no inline script
// or style, no framing, forms only to our origin), X-Frame-Options for older browsers, nosniff,
// a Referrer-Policy that never sends a URL to another site (same-origin rather than no-referrer,
// because with no-referrer browsers send `Origin: null` on our own form posts, which the
// same-origin checks then refuse), and a cross-origin opener policy.
import type { RequestHandler, Response } from 'express';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
  "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
});

export function securityHeaders(): RequestHandler {
  return (_req, res, next) => { res.set(SECURITY_HEADERS); next(); };
}

/**
 * For the sign-in form only: submitting it redirects to the organization's identity provider,
 * and browsers apply form-action to the redirects that follow a form submission. Which IdP is
 * known only once the email is in, so that page allows https targets (and http ones when
 * Seatgate itself runs on http, as on a laptop or in the demo).
 */
export function allowFormRedirectsToIdps(res: Response, publicUrl: string): void {
  const targets = publicUrl.startsWith('https:') ? "'self' https:" : "'self' https: http:";
  res.set('Content-Security-Policy', CONTENT_SECURITY_POLICY.replace("form-action 'self'", `form-action ${targets}`));
}
