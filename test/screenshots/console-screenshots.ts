// `npm run screenshots` (not part of `npm test`): starts Seatgate on PGlite with a seeded
// organization — members from SCIM, an invoice from the March seat change, a refusal, a raised seat alert, SSO
// connections, a SCIM token, pending invitations — signs its Owner in through the test SAML IdP
// and writes a PNG of every console page to docs/console/, for docs/console.md.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg, ManualClock } from '../support/fixtures.js';
import { addTestSamlConnection } from '../support/saml-flow.js';
import { launchBrowser, signedInContext, type TestBrowser } from '../support/browser.js';
import { ROOT } from '../support/processes.js';
import { scim, user } from '../scim/support.js';
import { createTestSamlIdp } from '../support/saml-idp.js';
import { startFakeOp, type FakeOp } from '../support/oidc-fake-op.js';
import { setContract } from '../../src/domain/billing/contracts.js';
import { createScimToken } from '../../src/domain/scim-tokens/tokens.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { addDomain } from '../../src/domain/orgs/domain-verification.js';
import { scanSeatAlerts } from '../../src/domain/alerts/scan.js';

const OUT = path.join(ROOT, 'docs', 'console');
const PEOPLE = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Edsger Dijkstra', 'Barbara Liskov', 'Donald Knuth', 'Frances Allen',
  'Ken Thompson', 'Radia Perlman', 'Linus Torvalds', 'Margaret Hamilton', 'Tim Berners-Lee', 'Hedy Lamarr', 'John McCarthy', 'Shafi Goldwasser',
  'Vint Cerf', 'Leslie Lamport', 'Anita Borg', 'Guido van Rossum', 'Sophie Wilson', 'Dennis Ritchie'];


let s: TestServer;
let b: TestBrowser;
let op: FakeOp;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  const clock = new ManualClock(new Date());
  s = await startTestServer('pglite', { clock, env: { SSO_FETCH_ALLOW_PRIVATE: 'true' } });
  b = await launchBrowser();
  const domain = 'northwind.example';
  const { org } = await makeOrg(s.db.db, { standard: 23, premium: 0 }, { slug: 'northwind', domain, primaryOwnerEmail: `olivia.owner@${domain}` });
  await s.db.db.updateTable('organizations').set({ name: 'Northwind Traders' }).where('id', '=', org.id).execute();
  await s.db.db.updateTable('members').set({ display_name: 'Olivia Owner' }).where('org_id', '=', org.id).execute();
  const saml = await addTestSamlConnection(s.db.db, s.url, org.id);
  await s.db.db.updateTable('sso_connections').set({ label: 'Okta' }).where('id', '=', saml.conn.id).execute();
  const context = await signedInContext(b, s.url, saml, `olivia.owner@${domain}`);
  clock.set('2026-03-01T09:30:00Z');
  await setContract(s.db.db, org.id, { termStart: '2026-01-01', autoRenew: true, currency: 'EUR', prices: { standard: 9900, premium: 18900 } }, ctx('cli', clock));
  await addDomain(s.db.db, org.id, 'northwind-labs.example', ctx('admin', clock));
  const conn = { token: (await createScimToken(s.db.db, org.id, 'Okta provisioning', clock)).secret, base: `${s.url}/scim/v2` };
  for (const name of PEOPLE) {
    const [given, family] = [name.split(' ')[0]!, name.split(' ').slice(1).join(' ')];
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@${domain}`;
    await scim(conn, 'POST', '/Users', user(email, { displayName: name, name: { givenName: given, familyName: family } }));
  }
  await scim(conn, 'POST', '/Users', user(`late.arrival@${domain}`, { displayName: 'Late Arrival' }));
  const owner = (await createApiKey(s.db.db, org.id, 'owner', 'Finance export', clock)).secret;
  await createApiKey(s.db.db, org.id, 'admin', 'HR sync', clock);
  const api = (p: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}) => fetch(`${s.url}/api/v1${p}`, {
    method, headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json', ...headers }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const members = (await (await api('/members?limit=100')).json()).members as Array<{ id: string; email: string }>;
  const movers = members.filter((m) => !m.email.startsWith('olivia')).slice(0, 5).map((m) => m.id);
  await api('/seats/confirm', 'POST', { add: { standard: 5 }, upgrade: { count: 10, memberIds: movers } }, { 'idempotency-key': 'screenshot-march' });
  const suspended = members.find((m) => m.email.startsWith('linus'));
  if (suspended) await api(`/members/${suspended.id}/suspend`, 'POST', {});
  for (const email of [`nina.new@${domain}`, `omar.ops@${domain}`]) await api('/invitations', 'POST', { email, role: email.startsWith('omar') ? 'admin' : 'member' });
  op = await startFakeOp('seatgate-northwind');
  const okta = createTestSamlIdp('http://www.okta.com/exk8northwind', 'https://northwind.okta.com/app/seatgate/exk8northwind/sso/saml');
  await api(`/sso-connections/${saml.conn.id}`, 'PATCH', { metadataXml: okta.metadataXml(['idp', 'idp-next']) });
  await api('/sso-connections', 'POST', { kind: 'oidc', label: 'Entra ID (contractors)', issuer: op.issuer, clientId: 'seatgate-northwind', clientSecret: 'not-shown' });
  await scanSeatAlerts(s.db.db, clock.now());
  page = await context.newPage();
});
afterAll(async () => { await b?.close(); await op?.close(); await s?.stop(); });

async function shot(file: string, pathname: string, heading: string, prepare?: () => Promise<void>, fullPage = !prepare) {
  await page.goto(`${s.url}${pathname}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'));
  if (prepare) await prepare();
  await page.screenshot({ path: path.join(OUT, file), fullPage, animations: 'disabled' });
}

test('writes a screenshot of every console page', async () => {
  await shot('overview.png', '/admin', 'Overview');
  await shot('seats.png', '/admin/seats', 'Seats');
  await shot('seats-review.png', '/admin/seats', 'Seats', async () => {
    await page.getByRole('button', { name: 'Edit seats' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit seats' });
    await dialog.getByLabel('Add standard seats').fill('5');
    await dialog.getByLabel('Upgrade standard seats to premium').fill('3');
    await dialog.getByRole('button', { name: 'Review' }).click();
    await dialog.getByRole('table', { name: 'Invoice preview' }).waitFor();
  });
  await shot('billing.png', '/admin/billing', 'Billing');
  await shot('members.png', '/admin/members', 'Members');
  await shot('members-invite.png', '/admin/members', 'Members', async () => {
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('dialog', { name: 'Add member' }).getByLabel('Email').fill('someone@gmail.example');
  });
  await shot('log.png', '/admin/log?outcome=rejected', 'Provisioning log');
  await shot('log-all.png', '/admin/log', 'Provisioning log', undefined, false);
  await shot('identity.png', '/admin/identity', 'Identity');
  await shot('settings.png', '/admin/settings', 'Settings');
  for (const f of fs.readdirSync(OUT)) expect(fs.statSync(path.join(OUT, f)).size).toBeGreaterThan(10_000);
});
