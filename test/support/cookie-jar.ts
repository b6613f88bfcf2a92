// A browser's cookie store for tests that drive sign-ins over fetch: keeps what Set-Cookie says,
// per host (not port, as browsers do), honouring Path and Max-Age/Expires (so a cleared cookie
// goes away), and sends the matching ones back. Secure and SameSite are kept for assertions, not
// enforced: tests stand in for an https PUBLIC_URL over loopback http.
export interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  expiresAt: number | null;
  attributes: Record<string, string | true>;
}

export class CookieJar {
  readonly cookies: StoredCookie[] = [];

  /** Reads every Set-Cookie of a response to a request for `url`. */
  store(url: string, res: Response): void {
    const { hostname } = new URL(url);
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const attributes: Record<string, string | true> = {};
      for (const a of attrs) {
        const i = a.indexOf('=');
        attributes[(i < 0 ? a : a.slice(0, i)).trim().toLowerCase()] = i < 0 ? true : a.slice(i + 1).trim();
      }
      const path = typeof attributes.path === 'string' ? attributes.path : '/';
      const expiresAt = typeof attributes['max-age'] === 'string' ? Date.now() + Number(attributes['max-age']) * 1000
        : typeof attributes.expires === 'string' ? Date.parse(attributes.expires) : null;
      const at = this.cookies.findIndex((c) => c.name === name && c.host === hostname && c.path === path);
      if (at >= 0) this.cookies.splice(at, 1);
      if (expiresAt === null || expiresAt > Date.now()) this.cookies.push({ name, value: pair!.slice(eq + 1).trim(), host: hostname, path, expiresAt, attributes });
    }
  }

  /** The Cookie header a browser would send to `url`. */
  header(url: string): string {
    const { hostname, pathname } = new URL(url);
    return this.cookies.filter((c) => c.host === hostname && pathMatches(c.path, pathname) && (c.expiresAt === null || c.expiresAt > Date.now()))
      .map((c) => `${c.name}=${c.value}`).join('; ');
  }

  named(prefix: string): StoredCookie[] {
    return this.cookies.filter((c) => c.name.startsWith(prefix));
  }

  /** fetch with this jar: sends its cookies and keeps the ones the answer sets. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.header(url);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(url, { redirect: 'manual', ...init, headers });
    this.store(url, res);
    return res;
  }
}

// RFC 6265 §5.1.4.
function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  return requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/');
}
