// `npm run screenshots` (not part of `npm test`): starts Seatgate on PGlite with PUBLIC_URL
// https://seatgate.example.com (the browser reaches it under that address, as behind a reverse
// proxy, so the pictures show the URLs an IT admin pastes), seeds an organization over its first
// two months — members from SCIM, an invoice from the March seat change, a refusal, a raised seat
// alert, SSO connections, a SCIM token, pending invitations — signs its Owner in with a console
// link and writes a PNG of every page to docs/console/, for docs/console.md.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg, ManualClock } from '../support/fixtures.js';
import { addTestSamlConnection, type SamlSetup } from '../support/saml-flow.js';
import { launchBrowser, newContext, servePublicUrl, serveTestIdpPage, ssoSignInInBrowser, type TestBrowser } from '../support/browser.js';
import { consoleLinkToken } from '../support/console-session.js';
import { ROOT } from '../support/processes.js';
import { scim, user } from '../scim/support.js';
import { createTestSamlIdp } from '../support/saml-idp.js';
import { setContract } from '../../src/domain/billing/contracts.js';
import { createScimToken } from '../../src/domain/scim-tokens/tokens.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { addDomain } from '../../src/domain/orgs/domain-verification.js';
import { addOidcConnection } from '../../src/domain/sso/connections.js';
import { scanSeatAlerts } from '../../src/domain/alerts/scan.js';

const OUT = path.join(ROOT, 'docs', 'console');
const PUBLIC = 'https://seatgate.example.com';
const DOMAIN = 'northwind.example';
const PEOPLE = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Edsger Dijkstra', 'Barbara Liskov', 'Donald Knuth', 'Frances Allen',
  'Ken Thompson', 'Radia Perlman', 'Linus Torvalds', 'Margaret Hamilton', 'Tim Berners-Lee', 'Hedy Lamarr', 'John McCarthy', 'Shafi Goldwasser',
  'Vint Cerf', 'Leslie Lamport', 'Anita Borg', 'Guido van Rossum', 'Sophie Wilson', 'Dennis Ritchie'];
const emailOf = (name: string) => `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@${DOMAIN}`;

const clock = new ManualClock('2026-01-05T08:00:00Z');
let s: TestServer;
let b: TestBrowser;
let okta: SamlSetup;
let orgSlug: string;

beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) if (f.endsWith('.png')) fs.rmSync(path.join(OUT, f));
  s = await startTestServer('pglite', { clock, env: { PUBLIC_URL: PUBLIC } });
  b = await launchBrowser();
});
afterAll(async () => { await b?.close(); await s?.stop(); });

/** The organization's first two months, ending on 1 March 2026 at 09:30 UTC. */
async function seed(): Promise<void> {
  const { org } = await makeOrg(s.db.db, { standard: 23, premium: 0 }, { slug: 'northwind', domain: DOMAIN, primaryOwnerEmail: `olivia.owner@${DOMAIN}`, clock });
  orgSlug = org.slug;
  await s.db.db.updateTable('organizations').set({ name: 'Northwind Traders' }).where('id', '=', org.id).execute();
  await s.db.db.updateTable('members').set({ display_name: 'Olivia Owner' }).where('org_id', '=', org.id).execute();
  await setContract(s.db.db, org.id, { termStart: '2026-01-01', autoRenew: true, currency: 'EUR', prices: { standard: 9900, premium: 18900 } }, ctx('cli', clock));
  okta = await addTestSamlConnection(s.db.db, s.url, org.id);
  const conn = { token: (await createScimToken(s.db.db, org.id, 'Okta provisioning', clock)).secret, base: `${s.url}/scim/v2` };
  for (const [i, name] of PEOPLE.entries()) {
    clock.set(new Date(Date.parse('2026-01-06T09:00:00Z') + i * 2.3 * 86_400_000));
    const [given, family] = [name.split(' ')[0]!, name.split(' ').slice(1).join(' ')];
    await scim(conn, 'POST', '/Users', user(emailOf(name), { displayName: name, name: { givenName: given, familyName: family } }));
  }
  const owner = (await createApiKey(s.db.db, org.id, 'owner', 'Finance export', clock)).secret;
  await createApiKey(s.db.db, org.id, 'admin', 'HR sync', clock);
  clock.set('2026-02-24T10:00:00Z');
  await addDomain(s.db.db, org.id, 'northwind-labs.example', ctx('admin', clock));
  clock.set('2026-03-01T09:12:00Z');
  await scim(conn, 'POST', '/Users', user(`late.arrival@${DOMAIN}`, { displayName: 'Late Arrival' }));
  clock.set('2026-03-01T09:30:00Z');
  const api = (p: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}) => fetch(`${s.url}/api/v1${p}`, {
    method, headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json', ...headers }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const members = (await (await api('/members?limit=100&sort=email')).json()).members as Array<{ id: string; email: string }>;
  const movers = members.filter((m) => !m.email.startsWith('olivia')).slice(0, 5).map((m) => m.id);
  await api('/seats/confirm', 'POST', { add: { standard: 5 }, upgrade: { count: 10, memberIds: movers } }, { 'idempotency-key': 'screenshot-march' });
  const suspended = members.find((m) => m.email.startsWith('linus'));
  if (suspended) await api(`/members/${suspended.id}/suspend`, 'POST', {});
  for (const email of [`nina.new@${DOMAIN}`, `omar.ops@${DOMAIN}`]) await api('/invitations', 'POST', { email, role: email.startsWith('omar') ? 'admin' : 'member' });
  const oktaIdp = createTestSamlIdp('http://www.okta.com/exk8northwind', 'https://northwind.okta.com/app/seatgate/exk8northwind/sso/saml');
  await api(`/sso-connections/${okta.conn.id}`, 'PATCH', { metadataXml: oktaIdp.metadataXml(['idp', 'idp-next']), label: 'Okta' });
  okta = { ...okta, idp: oktaIdp };
  await addOidcConnection(s.db.db, {
    orgId: org.id, label: 'Entra ID (contractors)', issuer: 'https://login.microsoftonline.com/5f1c2a9e-8d4b-4e61-9b7a-3c0d2e6f1a48/v2.0',
    clientId: '3b9d6c1e-2f4a-4c8b-a7e5-91d0f2b6c3a4', clientSecret: 'not-shown-'.padEnd(40, 'x'),
  });
  await scanSeatAlerts(s.db.db, clock.now());
}

async function publicContext(): Promise<BrowserContext> {
  const context = await newContext(b);
  await servePublicUrl(context, PUBLIC, s.url);
  return context;
}

async function shot(page: Page, file: string, pathname: string | null, heading: string, prepare?: () => Promise<void>, fullPage = !prepare) {
  if (pathname) await page.goto(`${PUBLIC}${pathname}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'));
  if (prepare) await prepare();
  await page.screenshot({ path: path.join(OUT, file), fullPage, animations: 'disabled' });
}

test('writes a screenshot of every page', async () => {
  const first = await (await publicContext()).newPage();
  await shot(first, 'landing.png', '/', 'Welcome to Seatgate');
  await seed();

  const context = await publicContext();
  const page = await context.newPage();
  await shot(page, 'console-link.png', `/console-link/${await consoleLinkToken(s.db.db, orgSlug, `olivia.owner@${DOMAIN}`, clock)}`, 'Sign in to Northwind Traders');
  await page.getByRole('button', { name: 'Sign in to the console' }).click();
  await shot(page, 'overview.png', null, 'Overview');
  await shot(page, 'seats.png', '/admin/seats', 'Seats');
  const editSeats = async (upgrade: string) => {
    await page.getByRole('button', { name: 'Edit seats' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit seats' });
    await dialog.getByLabel('Add standard seats').fill('2');
    await dialog.getByLabel('Upgrade standard seats to premium').fill(upgrade);
    return dialog;
  };
  await shot(page, 'seats-edit.png', '/admin/seats', 'Seats', async () => {
    const dialog = await editSeats('6');
    await dialog.getByRole('group', { name: 'Members to move to premium' }).getByRole('checkbox').nth(3).check();
  });
  await shot(page, 'seats-review.png', '/admin/seats', 'Seats', async () => {
    const dialog = await editSeats('3');
    await dialog.getByRole('button', { name: 'Review' }).click();
    await dialog.getByRole('table', { name: 'Invoice preview' }).waitFor();
  });
  await shot(page, 'billing.png', '/admin/billing', 'Billing');
  await shot(page, 'members.png', '/admin/members', 'Members');
  await shot(page, 'member-manage.png', '/admin/members', 'Members', async () => {
    await page.getByRole('button', { name: `Manage ${emailOf('Grace Hopper')}` }).click();
    await page.getByRole('dialog', { name: `Manage ${emailOf('Grace Hopper')}` }).waitFor();
  });
  await shot(page, 'members-invite.png', '/admin/members', 'Members', async () => {
    await page.getByRole('button', { name: 'Add member' }).first().click();
    await page.getByRole('dialog', { name: 'Add member' }).getByLabel('Email').fill('someone@gmail.example');
  });
  await shot(page, 'log.png', '/admin/log?outcome=rejected', 'Provisioning log');
  await shot(page, 'log-all.png', '/admin/log', 'Provisioning log', undefined, false);
  await shot(page, 'identity.png', '/admin/identity', 'Identity');
  await shot(page, 'scim-token.png', '/admin/identity', 'Identity', async () => {
    await page.getByRole('button', { name: 'Create SCIM token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create SCIM token' });
    await dialog.getByLabel('Token name').fill('Entra ID provisioning');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await dialog.getByRole('textbox', { name: 'Bearer token' }).waitFor();
  });
  await shot(page, 'settings.png', '/admin/settings', 'Settings');
  await shot(page, 'api-docs.png', '/api/docs', 'Seatgate admin API', undefined, false);

  // Sign-ins through the IdP carry the real time: the rest happens now.
  clock.set(new Date());
  const later = await publicContext();
  const admin = await later.newPage();
  await admin.goto(`${PUBLIC}/console-link/${await consoleLinkToken(s.db.db, orgSlug, `olivia.owner@${DOMAIN}`, clock)}`);
  await admin.getByRole('button', { name: 'Sign in to the console' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  await admin.goto(`${PUBLIC}/admin/identity`);
  await serveTestIdpPage(later, PUBLIC, okta, emailOf('Grace Hopper'));
  const [tab] = await Promise.all([later.waitForEvent('page'), admin.getByRole('link', { name: /^Test sign-in/ }).first().click()]);
  await tab!.getByRole('button', { name: 'Continue' }).click();
  await shot(tab!, 'sso-test.png', null, 'Test sign-in worked');

  const employee = await (await publicContext()).newPage();
  await ssoSignInInBrowser(employee, PUBLIC, okta, emailOf('Ada Lovelace'));
  await shot(employee, 'account.png', null, 'Your account');
  for (const f of fs.readdirSync(OUT)) expect(fs.statSync(path.join(OUT, f)).size).toBeGreaterThan(10_000);
});
