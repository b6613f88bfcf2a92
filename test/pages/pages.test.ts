// The pages a person sees outside the console: the start page, sign-in when already signed in,
// the employee page, sign-out (confirm, then POST), and where SSO sign-in lands by role.
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { addTestSamlConnection, postToAcs, startSamlLogin, type SamlSetup } from '../support/saml-flow.js';
import { consoleSignIn } from '../support/console-session.js';

describeEachDatabase('people-facing pages', (kind) => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  let ownerCookie: string;

  beforeAll(async () => {
    s = await startTestServer(kind);
    const domain = `pages-${Date.now()}.example.com`;
    org = await makeOrg(s.db.db, { premium: 1, standard: 20 }, { domain, primaryOwnerEmail: `pat@${domain}` });
    saml = await addTestSamlConnection(s.db.db, s.url, org.org.id);
    ownerCookie = await consoleSignIn(s.url, s.db.db, org.org.slug, `pat@${domain}`);
  });
  afterAll(async () => { await s?.stop(); });

  async function ssoSignIn(local: string, returnTo?: string) {
    const { requestId, relayState } = await startSamlLogin(s.url, saml.conn.id, returnTo);
    const out = await postToAcs(s.url, saml.conn.id, await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `${local}@${org.domain}`, nameId: `n-${local}` }), relayState);
    if (!out.cookie) throw new Error(`sign-in failed: ${out.status} ${out.body}`);
    return out;
  }
  const get = (path: string, cookie?: string, accept = 'text/html') =>
    fetch(`${s.url}${path}`, { redirect: 'manual', headers: { accept, ...(cookie ? { cookie } : {}) } });

  test('GET / tells a new operator how to create the first org and sign in, instead of "Nothing at GET /"', async () => {
    const fresh = await startTestServer(kind);
    try {
      const res = await fetch(`${fresh.url}/`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).not.toContain('Nothing at');
      expect(html).toContain('No organization exists here yet');
      expect(html).toContain('npx seatgate org create --name');
      expect(html).toContain('npx seatgate console-link --org');
      expect(html).toContain('href="/login"');
      expect(html).toContain(kind === 'pglite' ? 'so the server keeps running' : 'the server may keep running');
    } finally {
      await fresh.stop();
    }
  });

  test('GET / sends a signed-in Owner to the console and a Member to their account page', async () => {
    expect((await get('/', ownerCookie)).headers.get('location')).toBe('/admin');
    const member = await ssoSignIn('mia');
    expect((await get('/', member.cookie!)).headers.get('location')).toBe('/account');
    expect(await (await get('/')).text()).not.toContain('No organization exists here yet');
  });

  test('SSO sign-in without a return URL lands an Admin in /admin and a Member on /account; an explicit one is kept', async () => {
    await ssoSignIn('adam');
    await s.db.db.updateTable('members').set({ role: 'admin' }).where('email', '=', `adam@${org.domain}`).execute();
    expect((await ssoSignIn('adam')).location).toBe('/admin');
    expect((await ssoSignIn('max')).location).toBe('/account');
    expect((await ssoSignIn('max', '/api/docs')).location).toBe('/api/docs');
  });

  test('the employee page names the org, email, role and seat with what it includes, and has a Sign out button', async () => {
    const { cookie } = await ssoSignIn('emma');
    const res = await get('/account', cookie!);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<dd>${org.org.name}</dd>`);
    expect(html).not.toContain(`<dd>${org.org.id}</dd>`);
    expect(html).toContain(`<dd>emma@${org.domain}</dd>`);
    expect(html).toContain('<dd>Member</dd>');
    expect(html).toMatch(/<dd>(Premium|Standard)<\/dd>/);
    expect(html).toContain('Chat assistant');
    expect(html).toMatch(/Up to [\d,]+ requests a day/);
    expect(html).toContain('<form class="inline" method="post" action="/logout"><button type="submit">Sign out</button></form>');
    expect(html).not.toContain('open the admin console');
    expect(await (await get('/account', ownerCookie)).text()).toContain('open the admin console');
  });

  test('/account without a session goes to sign-in; /me answers JSON to scripts and sends browsers to /account', async () => {
    expect((await get('/account')).headers.get('location')).toBe('/login?return_to=%2Faccount');
    expect((await get('/me', ownerCookie)).headers.get('location')).toBe('/account');
    const json = await get('/me', ownerCookie, 'application/json');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json.json()).toMatchObject({ member: { email: `pat@${org.domain}`, role: 'primary_owner' }, org: { name: org.org.name } });
  });

  test('/login notices a person who is signed in: "You are signed in as …" with Continue and Sign out', async () => {
    const { cookie } = await ssoSignIn('lena');
    const html = await (await get('/login', cookie!)).text();
    expect(html).toContain(`You are signed in as <strong>lena@${org.domain}</strong>`);
    expect(html).toContain('<a class="button" href="/account">Continue</a>');
    expect(html).toContain('action="/logout"');
    expect(await (await get('/login?return_to=%2Fapi%2Fdocs', cookie!)).text()).toContain('href="/api/docs">Continue');
    expect(await (await get('/login')).text()).toContain('<input id="email" name="email" type="email"');
  });

  test('GET /logout asks and changes nothing; POST signs out on the server and lands on "You are signed out"', async () => {
    const { cookie } = await ssoSignIn('otto');
    const ask = await get('/logout', cookie!);
    const html = await ask.text();
    expect(html).toContain('<form method="post" action="/logout"');
    expect(html).toContain(`otto@${org.domain}`);
    expect((await get('/account', cookie!)).status).toBe(200);
    const done = await fetch(`${s.url}/logout`, { method: 'POST', redirect: 'manual', headers: { accept: 'text/html', cookie: cookie!, origin: new URL(s.url).origin } });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/signed-out');
    expect(done.headers.get('set-cookie')).toMatch(/^seatgate_session=;/);
    const after = await (await get('/signed-out')).text();
    expect(after).toContain('You are signed out');
    expect(after).toContain('<a href="/login">Sign in again</a>');
    expect((await get('/account', cookie!)).status).toBe(303);
    expect(await (await get('/logout')).text()).toContain('You are not signed in');
  });

  test('a verified domain without single sign-on says which organization must finish the set-up', async () => {
    const other = await makeOrg(s.db.db, { premium: 0, standard: 1 });
    const res = await get(`/login?email=${encodeURIComponent(`kim@${other.domain}`)}`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain(`An administrator of ${other.org.name} must finish single sign-on set-up first.`);
    expect(html).toContain('Start again');
  });
});
