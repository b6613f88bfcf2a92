// Who reaches the admin console, how it is served, and that it is only a client of the admin
// API: Owners sign in through their org's SSO in the browser and land in the console; a Member who
// signs in lands on their account page, is sent there from /admin too, and is refused by the API;
// an Admin gets no Owner page; a session that ends mid-use sends the browser to sign in. The
// members list's search, sort, filters and pages; "Test sign-in" in a new tab that leaves the
// Owner signed in. The headers (CSP, no framing, no caching of the page, immutable hashed assets);
// a built page with no inline script or style; every call the console makes is an operation of
// the OpenAPI document; and the accessibility scan itself finds what it should.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg, uniqueSlug } from '../support/fixtures.js';
import { addTestSamlConnection, type SamlSetup } from '../support/saml-flow.js';
import { launchBrowser, newContext, seriousViolations, serveTestIdpPage, signedInContext, ssoSignInInBrowser, watchPage, type TestBrowser } from '../support/browser.js';
import { provision } from '../../src/domain/members/provision.js';
import { ROOT } from '../support/processes.js';
import { Router } from 'express';
import { CONSOLE_CSP } from '../../src/console/security-headers.js';
import { ApiRoutes } from '../../src/api/define-route.js';
import { ROUTE_GROUPS } from '../../src/api/router.js';
import { openApiDocument } from '../../src/api/openapi.js';
import type { ApiDeps } from '../../src/api/deps.js';
import { loadConfig } from '../../src/config.js';

let b: TestBrowser;
beforeAll(async () => { b = await launchBrowser(); });
afterAll(async () => { await b?.close(); });

describeEachDatabase('who reaches the admin console, and how it is served', (kind) => {
  let s: TestServer;
  let saml: SamlSetup;
  let domain: string;
  let slug: string;
  const contexts: Record<string, BrowserContext> = {};
  const cookie = async (who: string) => (await contexts[who]!.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

  beforeAll(async () => {
    s = await startTestServer(kind);
    slug = uniqueSlug('access');
    domain = `${slug}.example.com`;
    const { org } = await makeOrg(s.db.db, { standard: 40, premium: 0 }, { slug, domain, primaryOwnerEmail: `owen@${domain}` });
    saml = await addTestSamlConnection(s.db.db, s.url, org.id);
    contexts.ada = await signedInContext(b, s.url, saml, `ada@${domain}`);
    await s.db.db.updateTable('members').set({ role: 'admin' }).where('org_id', '=', org.id).where('email', '=', `ada@${domain}`).execute();
    // For the members list: 25 people from SCIM and two invited ones, 30 active with the three above.
    for (let i = 1; i <= 25; i++) {
      const email = `person${String(i).padStart(2, '0')}@${domain}`;
      await provision(s.db.db, { path: 'scim', active: true, fields: { orgId: org.id, userName: email, email } }, ctx('scim'));
    }
    for (const name of ['yara.young', 'zed.zimmer']) await provision(s.db.db, { path: 'scim', active: true, fields: { orgId: org.id, userName: `${name}@${domain}`, email: `${name}@${domain}` } }, ctx('manual'));
  });
  afterAll(async () => { for (const c of Object.values(contexts)) await c.close(); await s?.stop(); });

  test('an Owner signs in through the organization\'s SSO in the browser and lands in the console', async () => {
    contexts.owen = await newContext(b);
    const page = await contexts.owen.newPage();
    await ssoSignInInBrowser(page, s.url, saml, `owen@${domain}`);
    expect(new URL(page.url()).pathname).toBe('/admin');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.close();
  });

  test('a Member who signs in lands on their account page; /admin sends them there, saying why; the API refuses them', async () => {
    contexts.mel = await newContext(b);
    const page = await contexts.mel.newPage();
    await ssoSignInInBrowser(page, s.url, saml, `mel@${domain}`, '/admin/members');
    for (const p of ['/admin', '/admin/members', '/admin/settings']) {
      const res = await page.goto(`${s.url}${p}`);
      expect(res!.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/account');
      await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
      await page.getByText(/The admin console is for Owners and Admins of .*You are a Member/).waitFor();
      expect(await page.locator('#app').count()).toBe(0);
    }
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBeGreaterThan(0);
    expect((await contexts.mel.request.get(`${s.url}/api/v1/members`)).status()).toBe(403);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  test('the members list: search by part of an email, sort by email both ways, filter by arrival method, pages with the total', async () => {
    const page = await contexts.owen!.newPage();
    const watch = watchPage(page);
    await page.goto(`${s.url}/admin/members`);
    const table = page.getByRole('table', { name: 'Members' });
    const pager = page.getByRole('navigation', { name: 'Pages of members' });
    const emails = () => table.locator('tbody th').allTextContents();
    await pager.getByText('1–25 of 30').waitFor();
    expect((await emails())[0]).toBe(`ada@${domain}`);
    await pager.getByRole('button', { name: 'Next page' }).click();
    await pager.getByText('26–30 of 30').waitFor();
    expect(await emails()).toEqual(['person23', 'person24', 'person25', 'yara.young', 'zed.zimmer'].map((n) => `${n}@${domain}`));
    expect(await pager.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: 'Previous page' }).click();
    await pager.getByText('1–25 of 30').waitFor();
    expect(await pager.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
    // The column header sorts; a second press reverses; aria-sort says which way.
    const header = table.getByRole('columnheader', { name: /Member/ });
    await header.getByRole('button').click();
    await table.locator('tbody th').first().getByText(`zed.zimmer@${domain}`).waitFor();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    await header.getByRole('button').click();
    await table.locator('tbody th').first().getByText(`ada@${domain}`).waitFor();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await page.getByLabel('Arrived via').selectOption('manual');
    await pager.getByText('1–2 of 2').waitFor();
    expect(await emails()).toEqual([`yara.young@${domain}`, `zed.zimmer@${domain}`]);
    await page.getByLabel('Arrived via').selectOption('');
    await page.getByRole('searchbox', { name: 'Search' }).fill('son1');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await pager.getByText('1–10 of 10').waitFor();
    expect(await emails()).toEqual(Array.from({ length: 10 }, (_, i) => `person${i + 10}@${domain}`));
    await page.getByLabel('Role').selectOption('admin');
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await pager.getByText('1–1 of 1').waitFor();
    expect(await emails()).toEqual([`ada@${domain}`]);
    watch.assertClean();
    await page.close();
  });

  test('Test sign-in opens the IdP in a new tab, shows what it sent, and leaves the Owner signed in here', async () => {
    const page = await contexts.owen!.newPage();
    await serveTestIdpPage(contexts.owen!, s.url, saml, `tess.tester@${domain}`);
    await page.goto(`${s.url}/admin/identity`);
    const card = page.getByRole('region', { name: /^SAML idp\.test\.example/ });
    await card.getByText('you stay signed in here').waitFor();
    const [tab] = await Promise.all([contexts.owen!.waitForEvent('page'), card.getByRole('link', { name: /^Test sign-in/ }).click()]);
    await tab!.getByRole('heading', { level: 1, name: 'Test IdP' }).waitFor();
    await tab!.getByRole('button', { name: 'Continue' }).click();
    await tab!.getByRole('heading', { level: 1, name: 'Test sign-in worked' }).waitFor();
    expect(await tab!.locator('main').textContent()).toContain(`Nobody in Org ${slug} has this email yet`);
    expect(await seriousViolations(tab!)).toEqual([]);
    await tab!.close();
    await contexts.owen!.unroute(`${saml.idp.ssoUrl}?**`);
    await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Members' }).click();
    await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
    expect(await page.getByRole('banner').textContent()).toContain(`owen@${domain}`);
    expect(await s.db.db.selectFrom('members').select('id').where('email', '=', `tess.tester@${domain}`).execute()).toEqual([]);
    await page.close();
  });

  test('an Admin sees no Owner page, and is told who manages single sign-on', async () => {
    const page = await contexts.ada!.newPage();
    const watch = watchPage(page);
    await page.goto(`${s.url}/admin/identity`);
    await page.getByRole('heading', { level: 1, name: 'Identity' }).waitFor();
    const nav = await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link').allTextContents();
    expect(nav.map((n) => n.trim())).toEqual(['Overview', 'Seats', 'Members', 'Provisioning log', 'Identity', 'Admin API reference']);
    await page.getByText('Only Owners can set up single sign-on.').waitFor();
    await page.goto(`${s.url}/admin/billing`);
    await page.getByText('Only Owners of the organization can open this page.').waitFor();
    watch.assertClean();
    await page.close();
  });

  test('a session that ends while the console is open sends the browser to sign in, and back', async () => {
    const context = await signedInContext(b, s.url, saml, `owen@${domain}`);
    const page = await context.newPage();
    await page.goto(`${s.url}/admin/members`);
    await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
    await context.clearCookies();
    await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Seats' }).click();
    await page.waitForURL(/\/login\?/);
    expect(new URL(page.url()).searchParams.get('return_to')).toBe('/admin/seats');
    await context.close();
  });

  test('Sign out ends the session: the console then sends the browser to sign in', async () => {
    const context = await signedInContext(b, s.url, saml, `owen@${domain}`);
    const page = await context.newPage();
    await page.goto(`${s.url}/admin`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signed-out/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/signed out/i);
    expect(await context.cookies()).toEqual([]);
    await page.goto(`${s.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  test('the page: strict CSP, no framing, never cached; client routes get the same page', async () => {
    for (const p of ['/admin', '/admin/members', '/admin/identity/anything']) {
      const res = await fetch(`${s.url}${p}`, { headers: { cookie: await cookie('owen') } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(CONSOLE_CSP).toContain("script-src 'self'");
      expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).toContain('<div id="app"></div>');
    }
  });

  test('hashed assets are cached for a year as immutable; a missing one is a 404, not the page', async () => {
    const html = await (await fetch(`${s.url}/admin`, { headers: { cookie: await cookie('owen') } })).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/admin\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const a of assets) {
      const res = await fetch(`${s.url}${a}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const missing = await fetch(`${s.url}/admin/assets/index-00000000.js`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('id="app"');
  });
});

test('the built page has no inline script, no inline style and nothing from another origin', () => {
  const html = fs.readFileSync(path.join(ROOT, 'dist', 'console-app', 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attrs, body] of scripts) {
    expect(attrs).toMatch(/src="\/admin\/assets\/[^"]+\.js"/);
    expect(body!.trim()).toBe('');
  }
  expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
});

test('the accessibility scan finds a serious violation when there is one', async () => {
  const context = await b.browser.newContext();
  const page = await context.newPage();
  await page.setContent('<!doctype html><html lang="en"><title>t</title><main><button></button><input type="text"></main></html>');
  expect((await seriousViolations(page)).map((v) => v.id).sort()).toEqual(['button-name', 'label']);
  await context.close();
});

test('every admin-API call in the console is an operation of the OpenAPI document', () => {
  // Declaring the routes touches no database: the document is built from the declarations alone.
  const routes = new ApiRoutes();
  const deps = { config: loadConfig({ LOG_LEVEL: 'silent' }) } as unknown as ApiDeps;
  for (const group of ROUTE_GROUPS) group(Router(), routes, deps);
  const doc = openApiDocument(routes.specs, 'http://seatgate.test') as { paths: Record<string, Record<string, unknown>> };
  const operations = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace('/api/v1', '').replace(/\{[^}]+\}/g, '{}')}`)));
  const calls = new Set<string>();
  const dir = path.join(ROOT, 'console', 'src');
  for (const file of fs.readdirSync(dir, { recursive: true }) as string[]) {
    if (!/\.tsx?$/.test(file)) continue;
    const src = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of src.matchAll(/\bapi(?:<[^(]*>)?\('(GET|POST|PUT|PATCH|DELETE)', [`']([^`']+)[`']/g)) calls.add(`${m[1]} ${m[2]!.replace(/\$\{[^}]+\}/g, '{}')}`);
  }
  expect(calls.size).toBeGreaterThanOrEqual(35);
  expect([...calls].filter((c) => !operations.has(c))).toEqual([]);
});
