// Where a person may be sent after signing in: a path on Seatgate itself, or a URL on an origin
// the operator listed (SSO_RETURN_ORIGINS). Anything else — other hosts, protocol-relative
// "//evil", backslash tricks, javascript:, credentials in the URL — falls back to "/", which sends
// the person on by role (src/sessions/home.ts). No open redirect.
export function safeReturnUrl(candidate: unknown, publicUrl: string, allowedOrigins: readonly string[], fallback = '/'): string {
  if (typeof candidate !== 'string' || !candidate || candidate.length > 2048) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return fallback;
  const base = new URL(publicUrl);
  if (candidate.startsWith('/') && !candidate.startsWith('//')) {
    const url = new URL(candidate, base);
    return url.origin === base.origin ? url.pathname + url.search + url.hash : fallback;
  }
  let url: URL;
  try { url = new URL(candidate); } catch { return fallback; }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fallback;
  if (url.username || url.password) return fallback;
  return url.origin === base.origin || allowedOrigins.includes(url.origin) ? url.toString() : fallback;
}
