// What the invitee and the inviting admin are told: the no-seat page names the tier that is full
// (a premium invitation while standard seats are free is not "no seat at all") and what happens
// next; without single sign-on the API answer and the list warn the admin, and the invitee is
// told plainly who must finish the set-up; with it, they get a Sign in button.
import { describeEachDatabase } from '../support/databases.js';
import { json } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { addTestSamlConnection } from '../support/saml-flow.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { invite } from '../../src/domain/invitations/invitations.js';
import { provision } from '../../src/domain/members/provision.js';
import { systemClock } from '../../src/domain/clock.js';

describeEachDatabase('invitation pages and warnings', (kind) => {
  let s: TestServer;

  beforeAll(async () => { s = await startTestServer(kind); });
  afterAll(async () => { await s?.stop(); });

  async function setup(seats: { premium: number; standard: number }) {
    const o = await makeOrg(s.db.db, seats);
    const key = (await createApiKey(s.db.db, o.org.id, 'admin', 'admin', systemClock)).secret;
    const api = (path: string, body?: unknown) => fetch(`${s.url}/api/v1${path}`, {
      method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}),
    });
    // The link is mailed; here the domain hands it over directly (the mailer refuses, which the invitation survives).
    const link = async (local: string, seatTier: 'premium' | 'standard' | null = null) => (await invite(
      { db: s.db.db, clock: systemClock, mailer: { send: async () => { throw new Error('no mail in this test'); } }, publicUrl: s.url, ttlDays: 3, secret: undefined },
      o.org.id, 'admin', { email: `${local}@${o.domain}`, role: 'member', seatTier }, { ...ctx('admin'), actor: { type: 'member', label: `ada@${o.domain}` } })).link;
    return { ...o, api, link };
  }

  test('a premium invitation while standard seats are free names the full tier and what happens next', async () => {
    const o = await setup({ premium: 1, standard: 3 });
    const link = await o.link('pia', 'premium');
    await provision(s.db.db, { path: 'scim', active: true, fields: { orgId: o.org.id, userName: `first@${o.domain}`, email: `first@${o.domain}`, role: 'member' } }, ctx('admin'));
    const html = await (await fetch(link)).text();
    expect(html).toContain(`All 1 premium seats of ${o.org.name} are taken. 3 standard seats are free, but this is for a premium seat.`);
    expect(html).toContain('or invite you again for a standard seat');
    expect(html).not.toContain('No seat is free for you');
    const res = await fetch(link, { method: 'POST' });
    expect(res.status).toBe(409);
    const refused = await res.text();
    expect(refused).toContain('are taken. 3 standard seats are free, but this is for a premium seat. You have not been added.');
    expect(refused).toContain('<a href="/">Start again</a>');
  });

  test('without single sign-on: the API warns the admin and the invitee is told who must finish the set-up', async () => {
    const o = await setup({ premium: 0, standard: 3 });
    const created = await json(o.api('/invitations', { email: `ned@${o.domain}` }));
    expect(created.warnings).toEqual([{ code: 'SSO_NOT_CONFIGURED', message: expect.stringContaining('cannot sign in until one is set up') }]);
    expect((await json(o.api('/invitations'))).warnings.map((w: { code: string }) => w.code)).toEqual(['SSO_NOT_CONFIGURED']);
    const link = await o.link('nia');
    expect(await (await fetch(link)).text()).toContain(`${o.org.name} has not finished setting up single sign-on`);
    const accepted = await (await fetch(link, { method: 'POST' })).text();
    expect(accepted).toContain('You are now a member');
    expect(accepted).toContain('You cannot sign in yet.');
    expect(accepted).toContain(`An administrator of ${o.org.name} (ada@${o.domain} invited you) must finish the single sign-on set-up.`);
    expect(accepted).not.toContain('>Sign in</a>');
  });

  test('with single sign-on: no warning, and the welcome page has a Sign in button for the invitee\'s email', async () => {
    const o = await setup({ premium: 0, standard: 3 });
    await addTestSamlConnection(s.db.db, s.url, o.org.id);
    const created = await json(o.api('/invitations', { email: `sam@${o.domain}` }));
    expect(created.warnings).toEqual([]);
    const accepted = await (await fetch(await o.link('sia'), { method: 'POST' })).text();
    expect(accepted).toContain(`<a class="button" href="/login?email=sia%40${o.domain}">Sign in</a>`);
  });
});
