// The headers every console response carries. The CSP allows only our own files: no inline
// script or style, no eval, nothing from another origin; the console cannot be framed
// (clickjacking) and sends no Referer outside Seatgate.
import { createHash } from 'node:crypto';
import type { Response } from 'express';

export const CONSOLE_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'",
].join('; ');

export function setConsoleHeaders(res: Response): void {
  res.set({
    'Content-Security-Policy': CONSOLE_CSP,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  });
}

/** The console CSP plus the hashes of the <style> elements of one server-rendered page. */
export function cspAllowingInlineStyles(html: string): string {
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
  return CONSOLE_CSP.replace("style-src 'self'", ["style-src 'self'", ...hashes].join(' '));
}
