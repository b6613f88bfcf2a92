// A real browser for the console tests: Debian's chromium (found on PATH, or CHROMIUM_PATH),
// driven by playwright-core, headless with a fresh profile and no background networking. Also:
// signing a person in through the real test SAML IdP and handing the browser their session
// cookie, an axe-core scan that fails on serious or critical violations, and a watch for any
// Content-Security-Policy violation on a page.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { postToAcs, startSamlLogin, type SamlSetup } from './saml-flow.js';

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

/** A browser context (its own cookie jar) signed in as `email` through the SAML IdP. */
export async function signedInContext(b: TestBrowser, baseUrl: string, saml: SamlSetup, email: string): Promise<BrowserContext> {
  const { requestId } = await startSamlLogin(baseUrl, saml.conn.id);
  const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email, nameId: `idp-${email}` });
  const out = await postToAcs(baseUrl, saml.conn.id, response);
  if (!out.cookie) throw new Error(`sign-in of ${email} failed: ${out.status} ${out.code}`);
  const context = await b.browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1360, height: 900 } });
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
