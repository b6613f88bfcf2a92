// The admin console in a real browser (Debian's chromium through playwright-core) against a real
// server, on PGlite and PostgreSQL: an Owner of a full organization — one person was already
// refused for lack of seats — signs in with a console link (as the operator's first Owner does),
// buys 5 standard seats and upgrades 10 in the seed's March case (the
// review shows the seed's amounts, a double click bills once, the invoice appears under Billing),
// invites a member, finds the refusal in the log, creates and revokes a SCIM token; and every page
// passes an axe-core scan with no serious or critical violation and no CSP violation. The steps
// are sequential tests on one organization, like test/e2e/contract-year.test.ts.
import type { BrowserContext, Page } from 'playwright-core';
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg, ManualClock, uniqueSlug } from '../support/fixtures.js';
import { addTestSamlConnection, type SamlSetup } from '../support/saml-flow.js';
import { consoleLinkSignIn, launchBrowser, seriousViolations, settledTexts, watchPage, type TestBrowser } from '../support/browser.js';
import { scim, user } from '../scim/support.js';
import { setContract } from '../../src/domain/billing/contracts.js';
import { createScimToken } from '../../src/domain/scim-tokens/tokens.js';

let b: TestBrowser;
beforeAll(async () => { b = await launchBrowser(); });
afterAll(async () => { await b?.close(); });

describeEachDatabase('the admin console, as an Owner', (kind) => {
  // The seed's March case: a contract from 1 January 2026, 10 of its 12 months left.
  const MARCH_FIRST = '2026-03-01T09:00:00Z';
  const clock = new ManualClock(MARCH_FIRST);
  let s: TestServer;
  let saml: SamlSetup;
  let domain: string;
  let orgId: string;
  let context: BrowserContext;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;

  let slug: string;

  beforeAll(async () => {
    s = await startTestServer(kind, { clock });
    slug = uniqueSlug('console');
    domain = `${slug}.example.com`;
    orgId = (await makeOrg(s.db.db, { standard: 10, premium: 0 }, { slug, domain, primaryOwnerEmail: `olivia.owner@${domain}` })).org.id;
    await setContract(s.db.db, orgId, { termStart: '2026-01-01', autoRenew: true, currency: 'EUR', prices: { standard: 9900, premium: 18900 } }, ctx('cli', clock));
    // Nine people arrive through SCIM: with the owner, all 10 standard seats are claimed. The
    // tenth arrival is refused, and logged with the counts at that moment.
    const conn = { token: (await createScimToken(s.db.db, orgId, 'Okta', clock)).secret, base: `${s.url}/scim/v2` };
    for (let i = 1; i <= 9; i++) expect((await scim(conn, 'POST', '/Users', user(`person${i}@${domain}`))).status).toBe(201);
    expect((await scim(conn, 'POST', '/Users', user(`late.arrival@${domain}`))).status).toBe(403);
    saml = await addTestSamlConnection(s.db.db, s.url, orgId);
  });
  afterAll(async () => { await context?.close(); await s?.stop(); });

  const nav = async (name: string) => {
    await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  };

  test('a signed-out visitor is sent to sign in, and back to the page asked for', async () => {
    const anon = await b.browser.newContext();
    const p = await anon.newPage();
    await p.goto(`${s.url}/admin/members`);
    expect(new URL(p.url()).pathname).toBe('/login');
    expect(new URL(p.url()).searchParams.get('return_to')).toBe('/admin/members');
    await p.getByLabel('Work email').waitFor();
    await anon.close();
  });

  test('the Owner signs in with a console link: its page names whom it signs in, the button lands on the console', async () => {
    ({ context, page } = await consoleLinkSignIn(b, s.url, s.db.db, slug, `olivia.owner@${domain}`, clock));
    watch = watchPage(page);
    expect(await page.getByRole('banner').textContent()).toContain(`olivia.owner@${domain}`);
    const used = await s.db.db.selectFrom('console_links').select(['used_at', 'session_id']).where('org_id', '=', orgId).execute();
    expect(used).toEqual([{ used_at: new Date(MARCH_FIRST), session_id: expect.any(String) }]);
  });

  test('the overview shows each tier\'s seats, the contract, and says to add seats when none is free', async () => {
    await page.goto(`${s.url}/admin`);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const standard = page.getByRole('region', { name: 'Standard seats' });
    await standard.getByText('purchased').waitFor();
    expect(await standard.locator('.stat-value').allTextContents()).toEqual(['10', '10', '0']);
    await page.getByRole('heading', { name: 'No seats are free' }).waitFor();
    expect(await page.getByRole('link', { name: 'Add seats' }).getAttribute('href')).toBe('/admin/seats');
    const contract = page.getByRole('region', { name: 'Contract' });
    expect(await contract.textContent()).toContain('1 Jan 2026 – 31 Dec 2026');
    expect(await contract.textContent()).toContain('Renews on1 Jan 2027');
  });

  test('buys 5 standard seats and upgrades 10: the review shows the seed\'s amounts, and a double click bills once', async () => {
    await nav('Seats');
    await page.getByRole('button', { name: 'Edit seats' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit seats' });
    await dialog.getByLabel('Add standard seats').fill('5');
    await dialog.getByLabel('Upgrade standard seats to premium').fill('10');
    // 10 claimed + 5 added: only 5 standard seats are unclaimed, so 5 members must be named.
    const picker = dialog.getByRole('group', { name: 'Members to move to premium' });
    await picker.getByText('choose at least 5 members').waitFor();
    const boxes = picker.getByRole('checkbox');
    await boxes.nth(9).waitFor();
    for (let i = 1; i <= 5; i++) await boxes.nth(i).check();
    await dialog.getByRole('button', { name: 'Review' }).click();
    const preview = dialog.getByRole('table', { name: 'Invoice preview' });
    await preview.waitFor();
    const rows = await preview.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    expect(rows.map((r) => [r[1], r[2], r[3], r[4]])).toEqual([
      ['5', '€99.00', '10 months', '€412.50'],
      ['10', '€90.00', '10 months', '€750.00'],
    ]);
    expect(await preview.locator('tfoot').textContent()).toBe('Invoice total€1,162.50');
    const after = await dialog.getByRole('table', { name: 'Seats after the change' }).locator('tbody tr').allTextContents();
    expect(after).toEqual(['Standard105', 'Premium010']);
    await dialog.getByRole('button', { name: 'Upgrade' }).dblclick();
    await page.getByText('Invoice #1 issued: €1,162.50').waitFor();
    const invoices = await s.db.db.selectFrom('invoices').select(['number', 'total']).where('org_id', '=', orgId).execute();
    expect(invoices.map((i) => [Number(i.number), Number(i.total)])).toEqual([[1, 116250]]);
    // The late arrival refused at set-up was queued (any tier): the purchase seats them, best tier first.
    const late = await s.db.db.selectFrom('members').select('seat_tier').where('org_id', '=', orgId).where('user_name', '=', `late.arrival@${domain}`).executeTakeFirst();
    expect(late?.seat_tier).toBe('premium');
    const seatsAfter = ['Standard550€99.00', 'Premium1064€189.00'];
    expect(await settledTexts(page.getByRole('region', { name: 'Seats per tier' }).locator('tbody tr'), seatsAfter)).toEqual(seatsAfter);
  });

  test('a confirmation whose answer was lost is retried with the same Idempotency-Key and bills once', async () => {
    await page.getByRole('button', { name: 'Edit seats' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit seats' });
    await dialog.getByLabel('Add premium seats').fill('2');
    await dialog.getByRole('button', { name: 'Review' }).click();
    await dialog.getByRole('table', { name: 'Invoice preview' }).waitFor();
    // The server bills, then the connection drops before the browser reads the answer.
    const keys: string[] = [];
    let dropped = false;
    await page.route('**/api/v1/seats/confirm', async (route) => {
      keys.push(route.request().headers()['idempotency-key']!);
      const response = await route.fetch();
      if (!dropped) { dropped = true; await route.abort('connectionreset'); return; }
      await route.fulfill({ response });
    });
    await dialog.getByRole('button', { name: 'Buy seats' }).click();
    await dialog.getByText('Seatgate could not be reached').waitFor();
    await dialog.getByRole('button', { name: 'Buy seats' }).click();
    await page.getByText(/Invoice #2 issued/).waitFor();
    await page.unroute('**/api/v1/seats/confirm');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    const invoices = await s.db.db.selectFrom('invoices').select('number').where('org_id', '=', orgId).execute();
    expect(invoices.map((i) => Number(i.number)).sort()).toEqual([1, 2]);
    const premium = await s.db.db.selectFrom('seat_pools').select('purchased').where('org_id', '=', orgId).where('tier', '=', 'premium').executeTakeFirstOrThrow();
    expect(premium.purchased).toBe(12);
  });

  test('the new invoice is under Billing with its lines and total', async () => {
    await page.getByRole('link', { name: 'See it under Billing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
    await page.getByRole('button', { name: 'Show invoice #1' }).click();
    const lines = page.getByRole('table', { name: 'Lines of invoice #1' });
    await lines.waitFor();
    expect(await lines.locator('tbody td:last-child').allTextContents()).toEqual(['€412.50', '€750.00']);
    expect(await lines.locator('tfoot').textContent()).toBe('Total€1,162.50');
  });

  test('invites a member: an email off the verified domains is flagged before sending; the invitation is pending with Resend and Revoke', async () => {
    await nav('Members');
    await page.getByRole('button', { name: 'Add member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add member' });
    const email = dialog.getByLabel('Email');
    await email.fill('someone@elsewhere.example');
    await dialog.getByText('elsewhere.example is not a verified domain').waitFor();
    expect(await dialog.getByRole('button', { name: 'Send invitation' }).isDisabled()).toBe(true);
    await email.fill(`nina.new@${domain}`);
    await dialog.getByLabel('Seat tier').selectOption('premium');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await dialog.getByText(`Invitation for nina.new@${domain} created`).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    const pending = page.getByRole('table', { name: 'Pending invitations' });
    await pending.getByText(`nina.new@${domain}`).waitFor();
    // Invitations live 21 days (INVITE_TTL_DAYS): from 1 March.
    expect(await pending.locator('tbody tr').first().textContent()).toContain('22 Mar 2026, 09:00 UTC');
    await pending.getByRole('button', { name: `Resend invitation to nina.new@${domain}` }).waitFor();
    await pending.getByRole('button', { name: `Revoke invitation to nina.new@${domain}` }).waitFor();
  });

  test('the log shows the person refused when seats were full, with the reason and the counts; the CSV has the same filter', async () => {
    await nav('Provisioning log');
    await page.getByLabel('Outcome').selectOption('rejected');
    await page.getByLabel('Person').fill('late.arrival');
    await page.getByRole('button', { name: 'Apply' }).click();
    const table = page.getByRole('table', { name: 'Provisioning events' });
    await table.getByText(`late.arrival@${domain}`).waitFor();
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('Refused: no seat');
    expect(rows[0]).toContain('No seats are available');
    expect(rows[0]).toContain('At that moment: standard 10 of 10 claimed, premium 0 of 0 claimed');
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const csv = await (await context.request.get(`${s.url}${href}`)).text();
    expect(csv.trim().split('\r\n').slice(1).map((l) => l.split(',')[2])).toEqual(['seat.rejected']);
  });

  test('a member\'s History opens their log', async () => {
    await nav('Members');
    await page.getByRole('link', { name: `History of person3@${domain}` }).click();
    await page.getByText(`History of person3@${domain}`).waitFor();
    const table = page.getByRole('table', { name: 'Provisioning events' });
    await table.getByText('Member created').waitFor();
    const events = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(events).toEqual(expect.arrayContaining(['Member created', 'Seat claimed']));
  });

  test('creates a SCIM token shown once with the SCIM base URL, then revokes it and it stops working', async () => {
    await nav('Identity');
    await page.getByRole('button', { name: 'Create SCIM token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create SCIM token' });
    await dialog.getByLabel('Token name').fill('Entra provisioning');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const secret = await dialog.getByRole('textbox', { name: 'Bearer token' }).inputValue();
    expect(secret).toMatch(/^sgscim_/);
    expect(await dialog.getByRole('textbox', { name: 'SCIM base URL' }).inputValue()).toBe(`${s.url}/scim/v2`);
    await dialog.getByRole('button', { name: 'Copy Bearer token' }).waitFor();
    expect((await scim({ token: secret, base: `${s.url}/scim/v2` }, 'GET', '/Users')).status).toBe(200);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const tokens = page.getByRole('table', { name: 'SCIM tokens' });
    await tokens.getByText('Entra provisioning').waitFor();
    expect(await tokens.textContent()).not.toContain(secret);
    await tokens.getByRole('button', { name: 'Revoke Entra provisioning' }).click();
    await tokens.getByRole('button', { name: 'Confirm revoking Entra provisioning' }).click();
    await tokens.locator('tr', { hasText: 'Entra provisioning' }).getByText(/^Revoked/).waitFor();
    expect((await scim({ token: secret, base: `${s.url}/scim/v2` }, 'GET', '/Users')).status).toBe(401);
  });

  test('suspends a member from Manage: their seat is freed at once', async () => {
    await nav('Members');
    await page.getByRole('button', { name: `Manage person4@${domain}` }).click();
    const dialog = page.getByRole('dialog', { name: `Manage person4@${domain}` });
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await dialog.getByText('Suspended: their seat is free again.').waitFor();
    await dialog.getByRole('button', { name: 'Reactivate' }).waitFor();
    const row = await s.db.db.selectFrom('members').select(['status', 'seat_tier']).where('org_id', '=', orgId).where('email', '=', `person4@${domain}`).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'suspended', seat_tier: null });
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  test('without SSO the overview says to set it up; a SAML connection added from a metadata file shows the values to paste', async () => {
    await nav('Identity');
    const okta = page.getByRole('region', { name: /^SAML idp\.test\.example/ });
    await okta.getByRole('button', { name: 'Remove' }).click();
    await okta.getByRole('button', { name: 'Yes, remove' }).click();
    await page.getByRole('heading', { name: 'Set up single sign-on' }).waitFor();
    await nav('Overview');
    await page.getByRole('link', { name: 'Set up single sign-on' }).click();
    await page.getByRole('heading', { level: 1, name: 'Identity' }).waitFor();
    await page.getByRole('button', { name: 'Add SAML connection' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add SAML connection' });
    await dialog.getByLabel('Name', { exact: true }).fill('Okta');
    await dialog.getByLabel('From a file').check();
    await dialog.getByLabel('Metadata file').setInputFiles({ name: 'okta.xml', mimeType: 'application/xml', buffer: Buffer.from(saml.idp.metadataXml()) });
    await dialog.getByText('Read okta.xml.').waitFor();
    await dialog.getByRole('button', { name: 'Add SAML connection' }).click();
    const card = page.getByRole('region', { name: /^Okta/ });
    await card.waitFor();
    const id = (await s.db.db.selectFrom('sso_connections').select('id').where('org_id', '=', orgId).where('label', '=', 'Okta').executeTakeFirstOrThrow()).id;
    expect(await card.getByRole('textbox', { name: 'Single sign-on URL' }).inputValue()).toBe(`${s.url}/sso/saml/${id}/acs`);
    await card.getByRole('button', { name: 'Entra ID' }).click();
    expect(await card.getByRole('textbox', { name: 'Identifier (Entity ID)' }).inputValue()).toBe(`${s.url}/sso/saml/${id}/metadata`);
    const testLink = card.getByRole('link', { name: /^Test sign-in/ });
    expect(await testLink.getAttribute('href')).toBe(`${s.url}/sso/saml/${id}/login?test=1`);
    expect(await testLink.getAttribute('target')).toBe('_blank');
  });

  test.each([
    ['Overview', '/admin'], ['Seats', '/admin/seats'], ['Members', '/admin/members'], ['Provisioning log', '/admin/log'],
    ['Identity', '/admin/identity'], ['Billing', '/admin/billing'], ['Settings', '/admin/settings'],
  ])('%s passes an accessibility scan (no serious or critical violation) and the CSP', async (name, path) => {
    await page.goto(`${s.url}${path}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    expect(await seriousViolations(page)).toEqual([]);
    watch.assertClean();
  });

  test('the open seat-change review and invitation dialogs pass the scan too', async () => {
    await page.goto(`${s.url}/admin/seats`);
    await page.getByRole('button', { name: 'Edit seats' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit seats' });
    await dialog.getByLabel('Add premium seats').fill('1');
    await dialog.getByRole('button', { name: 'Review' }).click();
    await dialog.getByRole('table', { name: 'Invoice preview' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${s.url}/admin/members`);
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('dialog', { name: 'Add member' }).getByLabel('Email').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    watch.assertClean();
  });
});
