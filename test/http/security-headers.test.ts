// Every HTML page Seatgate serves — signed in or not, success or error, ours or the API
// reference — carries the security headers, has no inline script or style (which the policy
// would block), and links only the stylesheet from our own origin.
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { consoleLinkToken, consoleSignIn } from '../support/console-session.js';
import { addTestSamlConnection, type SamlSetup } from '../support/saml-flow.js';
import { invite } from '../../src/domain/invitations/invitations.js';
import { CONTENT_SECURITY_POLICY } from '../../src/web/security-headers.js';

const EXPECTED = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': /^(same-origin|no-referrer|strict-origin-when-cross-origin)$/,
  'cross-origin-opener-policy': 'same-origin',
};

describeEachDatabase('security headers on every HTML page', (kind) => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  let cookie: string;
  let inviteUrl: string;
  let linkPath: string;

  beforeAll(async () => {
    s = await startTestServer(kind);
    const domain = `hdr-${Date.now()}.example.com`;
    org = await makeOrg(s.db.db, { premium: 0, standard: 5 }, { domain, primaryOwnerEmail: `pat@${domain}` });
    saml = await addTestSamlConnection(s.db.db, s.url, org.org.id);
    cookie = await consoleSignIn(s.url, s.db.db, org.org.slug, `pat@${domain}`);
    const sent = await invite({ db: s.db.db, clock: { now: () => new Date() }, mailer: { send: async () => { throw new Error('no mail here'); } }, publicUrl: s.url, ttlDays: 3, secret: undefined },
      org.org.id, 'owner', { email: `ivy@${domain}`, role: 'member' }, { method: 'admin', actor: { type: 'system' }, clock: { now: () => new Date() } });
    inviteUrl = sent.link;
    linkPath = `/console-link/${await consoleLinkToken(s.db.db, org.org.slug, `pat@${domain}`)}`;
  });
  afterAll(async () => { await s?.stop(); });

  const pages: Array<[string, () => { path: string; init?: RequestInit; signedIn?: boolean }]> = [
    ['the start page', () => ({ path: '/' })],
    ['sign-in', () => ({ path: '/login' })],
    ['sign-in with an unknown domain', () => ({ path: '/login?email=x%40nobody.example' })],
    ['sign-in while signed in', () => ({ path: '/login', signedIn: true })],
    ['the employee page', () => ({ path: '/account', signedIn: true })],
    ['the sign-out confirmation', () => ({ path: '/logout', signedIn: true })],
    ['sign-out without a session', () => ({ path: '/logout' })],
    ['signed out', () => ({ path: '/signed-out' })],
    ['the API reference', () => ({ path: '/api/docs' })],
    ['an invitation', () => ({ path: new URL(inviteUrl).pathname })],
    ['a bad invitation link', () => ({ path: '/invite/sginv_bad' })],
    ['a console link', () => ({ path: linkPath })],
    ['a bad console link', () => ({ path: '/console-link/sgcl_bad' })],
    ['a page that does not exist', () => ({ path: '/no/such/page' })],
    ['an API error for a browser', () => ({ path: '/api/v1/org' })],
    ['a refused SAML response', () => ({ path: `/sso/saml/${saml.conn.id}/acs`, init: { method: 'POST', body: new URLSearchParams({ SAMLResponse: 'bm9uc2Vuc2U=' }) } })],
  ];

  test.each(pages)('%s', async (_name, which) => {
    const { path, init, signedIn } = which();
    const res = await fetch(`${s.url}${path}`, { redirect: 'manual', ...init, headers: { accept: 'text/html', ...(signedIn ? { cookie } : {}) } });
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    if (path.startsWith('/login') && !signedIn) expect(csp).toBe(CONTENT_SECURITY_POLICY.replace("form-action 'self'", "form-action 'self' https: http:"));
    else expect(csp).toBe(CONTENT_SECURITY_POLICY);
    for (const [name, value] of Object.entries(EXPECTED)) {
      if (value instanceof RegExp) expect(res.headers.get(name)).toMatch(value); else expect(res.headers.get(name)).toBe(value);
    }
    const html = await res.text();
    expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
    const sheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]!);
    expect(sheets).toHaveLength(1);
    expect(sheets[0]).toMatch(/^\/assets\//);
    const css = await fetch(`${s.url}${sheets[0]}`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  test('the policy is strict: no inline script or style, no framing, forms only to our origin', () => {
    expect(CONTENT_SECURITY_POLICY).toBe("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  });
});
