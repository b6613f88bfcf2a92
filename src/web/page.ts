// The layout of every page Seatgate renders for a person: a header (with who is signed in and a
// Sign out button when we know), the title, the body, and the ways on or back. The stylesheet is
// served from our origin; pages carry no inline script or style, so the strict
// Content-Security-Policy (src/web/security-headers.ts) holds. Everything interpolated into
// `bodyHtml` is escaped by the caller with escapeHtml.
import { STYLESHEET_PATH } from './stylesheet.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}

export interface PageLink { href: string; label: string }

export interface PageOptions {
  /** Links at the foot of the page: the way on, or back ("Start again", "Back to sign-in"). */
  links?: PageLink[];
  /** The signed-in person, named in the header beside a Sign out button. */
  signedIn?: { email: string; orgName: string } | null;
  /** A wide page (the API reference). */
  wide?: boolean;
}

/** The ways back every error page offers. */
export const WAY_BACK: PageLink[] = [{ href: '/', label: 'Start again' }, { href: '/login', label: 'Back to sign-in' }];

export function page(title: string, bodyHtml: string, opts: PageOptions = {}): string {
  const who = opts.signedIn
    ? `<div class="who"><span>${escapeHtml(opts.signedIn.email)} · ${escapeHtml(opts.signedIn.orgName)}</span>${signOutButton('secondary')}</div>`
    : '';
  const links = opts.links?.length
    ? `<nav class="back">${opts.links.map((l) => `<a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>`).join('')}</nav>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Seatgate</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}"></head>
<body><header class="top"><a class="brand" href="/">Seatgate</a>${who}</header>
<main${opts.wide ? ' class="wide"' : ''}><h1>${escapeHtml(title)}</h1>
${bodyHtml}
${links}</main></body></html>`;
}

/** A Sign out button: a POST form (a GET never signs anyone out). */
export function signOutButton(style: 'primary' | 'secondary' = 'primary'): string {
  return `<form class="inline" method="post" action="/logout"><button type="submit"${style === 'secondary' ? ' class="secondary"' : ''}>Sign out</button></form>`;
}
