// A real browser for the console tests: Debian's chromium (found on PATH, or CHROMIUM_PATH),
// driven by playwright-core, headless with a fresh profile and no background networking. Also the
// ways people sign in: an Owner with a console link, opened and confirmed in the browser as the
// operator's first Owner does; anyone through SSO in the browser (/login, the test SAML IdP's page,
// the ACS), or — quicker, for tests about something else — through the test IdP over fetch with
// the session cookie handed to the browser. And an axe-core scan that fails on serious or critical
// violations, and a watch for any Content-Security-Policy violation on a page.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { Clock } from '../../src/domain/clock.js';
import { postToAcs, startSamlLogin, type SamlSetup } from './saml-flow.js';
import { authnRequestId } from './saml-idp.js';
import { consoleLinkToken } from './console-session.js';

const require = createRequire(import.meta.url);

export function findChromium(): string {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit && fs.existsSync(explicit)) return explicit;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
      const candidate = path.join(dir, name);
      if (dir && fs.existsSync(candidate)) return candidate;
    }
  }
  throw new Error('No chromium on PATH: install it (apt-get install -y chromium), as .ci/run does, or set CHROMIUM_PATH.');
}

export interface TestBrowser { browser: Browser; close(): Promise<void> }

/** One headless chromium per test file; playwright gives each launch a fresh temporary profile. */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return { browser, close: () => browser.close() };
}

/** A fresh browser context (its own cookie jar): English, UTC, a laptop-sized window. */
export function newContext(b: TestBrowser): Promise<BrowserContext> {
  return b.browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1360, height: 900 } });
}

/**
 * An Owner signs in as the operator's first Owner does: a console link made as `seatgate
 * console-link` makes it (createConsoleLink), opened in the browser, "Sign in to the console"
 * pressed, landing on the console's overview at /admin.
 */
export async function consoleLinkSignIn(b: TestBrowser, baseUrl: string, db: Kysely<Database>, orgSlug: string, email: string, clock?: Clock): Promise<{ context: BrowserContext; page: Page }> {
  const token = await consoleLinkToken(db, orgSlug, email, clock);
  const context = await newContext(b);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/console-link/${token}`);
  await page.getByRole('heading', { level: 1, name: /^Sign in to / }).waitFor();
  await page.getByRole('button', { name: 'Sign in to the console' }).click();
  await page.waitForURL(`${baseUrl}/admin`);
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  return { context, page };
}

/**
 * Stands in for the test SAML IdP's sign-in page in a browser (a page, or every page of a
 * context, popups included): a request for its address gets a page that answers the AuthnRequest
 * it carries with a response signed for `email`, and posts it to the ACS when "Continue" is pressed.
 */
export async function serveTestIdpPage(target: Page | BrowserContext, baseUrl: string, saml: SamlSetup, email: string): Promise<void> {
  await target.route(`${saml.idp.ssoUrl}?**`, async (route) => {
    const url = route.request().url();
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: authnRequestId(url), email, nameId: `idp-${email}` });
    const relay = new URL(url).searchParams.get('RelayState');
    const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    await route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><title>Test IdP</title><main><h1>Test IdP</h1>
<p>Signing in as ${email}.</p><form method="post" action="${baseUrl}/sso/saml/${saml.conn.id}/acs"><input type="hidden" name="SAMLResponse" value="${attr(response)}">
${relay ? `<input type="hidden" name="RelayState" value="${attr(relay)}">` : ''}<button>Continue</button></form></main></html>` });
  });
}

/**
 * Signs `email` in through SSO in the browser: /login asks for the work email, Seatgate sends the
 * browser to the IdP (serveTestIdpPage), whose page posts the signed response to the ACS. Ends
 * where Seatgate sends the person.
 */
export async function ssoSignInInBrowser(page: Page, baseUrl: string, saml: SamlSetup, email: string, returnTo?: string): Promise<void> {
  await serveTestIdpPage(page, baseUrl, saml, email);
  await page.goto(`${baseUrl}/login${returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : ''}`);
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Test IdP' }).waitFor();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((u) => u.origin === new URL(baseUrl).origin && !u.pathname.startsWith('/sso/'));
  await page.unroute(`${saml.idp.ssoUrl}?**`);
}

/** A browser context signed in as `email` through the SAML IdP over fetch (its cookie handed over). */
export async function signedInContext(b: TestBrowser, baseUrl: string, saml: SamlSetup, email: string): Promise<BrowserContext> {
  const { requestId } = await startSamlLogin(baseUrl, saml.conn.id);
  const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email, nameId: `idp-${email}` });
  const out = await postToAcs(baseUrl, saml.conn.id, response);
  if (!out.cookie) throw new Error(`sign-in of ${email} failed: ${out.status} ${out.code}`);
  const context = await newContext(b);
  const eq = out.cookie.indexOf('=');
  await context.addCookies([{ name: out.cookie.slice(0, eq), value: out.cookie.slice(eq + 1), url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
  return context;
}

/** Collects CSP violations and page errors; `assertClean()` fails the test on any. */
export function watchPage(page: Page): { problems: string[]; assertClean(): void } {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { problems, assertClean: () => expect(problems).toEqual([]) };
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: string[] }

/** axe-core over the whole page as it is now; the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, not a <script> tag: the console's CSP stays intact.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
}

/**
 * Lets a browser context reach a loopback server under its public address (PUBLIC_URL), as
 * people do behind a reverse proxy: every request for `publicUrl` is sent to `localUrl` and its
 * answer — redirects and cookies included — handed back as the public origin's. For screenshots
 * that show the URLs an IT admin pastes, not a loopback port.
 */
export async function servePublicUrl(context: BrowserContext, publicUrl: string, localUrl: string): Promise<void> {
  await context.route(`${publicUrl}/**`, async (route) => {
    const response = await route.fetch({ url: localUrl + route.request().url().slice(publicUrl.length), maxRedirects: 0 });
    await route.fulfill({ response });
  });
}

// The texts of every element a locator matches, once they equal what is expected or after the
// timeout, whichever comes first: a page that re-renders after an answer (a purchase, a reload of
// the seats) is read when it has settled, never mid-render. The caller still asserts the result,
// so a page that never shows the expected texts fails with what it did show.
export async function settledTexts(locator: Locator, expected: string[], timeoutMs = 5000): Promise<string[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const texts = await locator.allTextContents();
    if (JSON.stringify(texts) === JSON.stringify(expected) || Date.now() > until) return texts;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
