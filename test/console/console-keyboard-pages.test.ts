// The console with the keyboard only, and the pages Seatgate renders on the server, in a real
// browser on PGlite and PostgreSQL. Keyboard: the first Tab reaches "Skip to content", which moves
// focus to the page; focus is visible; the sidebar is reached in order; "Add member" opens a
// dialog that takes focus, keeps it inside while tabbing, closes with Escape and gives focus back
// to the button. Pages: the start page, sign-in (also signed in, and with an error), console-link
// and invitation pages (valid and refused), sign-out, the account page and the API reference —
// each has one h1, passes an axe-core scan with no serious or critical violation, and every
// error page offers a way back.
import type { BrowserContext, Page } from 'playwright-core';
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg, uniqueSlug } from '../support/fixtures.js';
import { consoleLinkToken } from '../support/console-session.js';
import { consoleLinkSignIn, launchBrowser, newContext, seriousViolations, watchPage, type TestBrowser } from '../support/browser.js';
import { inviteLink, startTestSmtp, type TestSmtp } from '../support/smtp.js';

let b: TestBrowser;
beforeAll(async () => { b = await launchBrowser(); });
afterAll(async () => { await b?.close(); });

describeEachDatabase('the console by keyboard, and the server-rendered pages', (kind) => {
  let s: TestServer;
  let smtp: TestSmtp;
  let slug: string;
  let domain: string;
  let owner: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    smtp = await startTestSmtp();
    s = await startTestServer(kind, { env: { SMTP_URL: smtp.url } });
    slug = uniqueSlug('keys');
    domain = `${slug}.example.com`;
    await makeOrg(s.db.db, { standard: 5, premium: 0 }, { slug, domain, primaryOwnerEmail: `kim@${domain}` });
    owner = await consoleLinkSignIn(b, s.url, s.db.db, slug, `kim@${domain}`);
  });
  afterAll(async () => { await owner?.context.close(); await s?.stop(); await smtp?.stop(); });

  const focused = (page: Page) => page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      text: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim(), tag: el?.tagName ?? '',
      inDialog: !!el?.closest('dialog[open]'), outline: el ? getComputedStyle(el).outlineStyle : 'none',
    };
  });

  test('Tab reaches "Skip to content" first, then the sidebar in order; focus is always visible', async () => {
    const { page } = owner;
    await page.goto(`${s.url}/admin/members`);
    await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ text: 'Skip to content', outline: 'solid' });
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#main');
    await page.goto(`${s.url}/admin/members`);
    await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
    const seen: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      expect(f.outline).not.toBe('none');
      seen.push(f.text);
    }
    const nav = ['Overview', 'Seats', 'Members', 'Provisioning log', 'Identity', 'Billing', 'Settings'];
    expect(seen.filter((t) => nav.includes(t))).toEqual(nav);
    expect(seen.indexOf('Sign out')).toBeLessThan(seen.indexOf('Overview'));
  });

  test('"Add member" opens with the keyboard, keeps focus inside while tabbing, closes with Escape and returns focus', async () => {
    const { page } = owner;
    await page.goto(`${s.url}/admin/members`);
    const add = page.getByRole('button', { name: 'Add member' }).first();
    await add.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Add member' });
    await dialog.getByLabel('Email').waitFor();
    expect((await focused(page)).inDialog).toBe(true);
    const cycle: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      expect([i, f.inDialog]).toEqual([i, true]);
      cycle.push(f.text);
    }
    // Past the last control, focus comes back to the first: the Close button.
    expect(cycle.filter((t) => t === 'Close').length).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).inDialog).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focused(page)).toMatchObject({ text: 'Add member', inDialog: false });
  });

  test('each page has one h1 and a heading for each section', async () => {
    const { page } = owner;
    for (const [path, h1] of [['/admin', 'Overview'], ['/admin/seats', 'Seats'], ['/admin/members', 'Members'], ['/admin/log', 'Provisioning log'],
      ['/admin/identity', 'Identity'], ['/admin/billing', 'Billing'], ['/admin/settings', 'Settings']] as const) {
      await page.goto(`${s.url}${path}`);
      await page.getByRole('heading', { level: 1, name: h1 }).waitFor();
      await page.waitForFunction(() => !document.querySelector('.loading'));
      expect(await page.locator('h1').count()).toBe(1);
      // No section without a name: every card with a title is a region named by its h2.
      const unnamed = await page.locator('section[aria-labelledby]').evaluateAll((els) => els.filter((e) => !document.getElementById(e.getAttribute('aria-labelledby')!)).length);
      expect(unnamed).toBe(0);
    }
  });

  test('every server-rendered page passes the scan; every error page has a way back', async () => {
    const anon = await newContext(b);
    const page = await anon.newPage();
    const watch = watchPage(page);
    const invitation = await owner.context.request.post(`${s.url}/api/v1/invitations`, { data: { email: `ivy@${domain}`, role: 'member' }, headers: { origin: s.url } });
    expect(invitation.status()).toBe(201);
    const link = inviteLink((await smtp.waitFor(1)).find((m) => m.to.includes(`ivy@${domain}`))!);
    const pages: Array<[Page, string, string, boolean]> = [
      [page, '/', 'Welcome to Seatgate', false], [page, '/login', 'Sign in', false],
      [page, `/login?email=${encodeURIComponent('someone@unknown.example')}`, 'Sign in', true],
      [page, `/console-link/${await consoleLinkToken(s.db.db, slug, `kim@${domain}`)}`, `Sign in to Org ${slug}`, false],
      [page, '/console-link/sgcl_not-a-link', 'Invalid console link', true], [page, new URL(link).pathname, `Join Org ${slug}`, false],
      [page, '/invite/sginv_not-an-invitation', 'Invalid invitation link', true], [page, '/logout', 'You are not signed in', false],
      [page, '/signed-out', 'You are signed out', false], [page, '/api/docs', 'Seatgate admin API', false],
      [owner.page, '/account', 'Your account', false], [owner.page, '/logout', 'Sign out?', false], [owner.page, '/login', 'You are signed in', false],
    ];
    for (const [p, path, title, isError] of pages) {
      await p.goto(`${s.url}${path}`);
      const h1 = await p.locator('h1').allTextContents();
      expect([path, h1]).toEqual([path, [title]]);
      expect([path, await seriousViolations(p)]).toEqual([path, []]);
      if (isError) expect([path, await p.getByRole('link', { name: 'Start again' }).count()]).toEqual([path, 1]);
    }
    watch.assertClean();
    await anon.close();
  });
});
