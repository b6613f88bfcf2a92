// Seatgate as an OpenID Provider: a real openid-client relying party signs a person in through
// Seatgate → SAML IdP → JIT, and reads the seat from the ID token and userinfo.
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { addTestSamlConnection, type SamlSetup } from '../support/saml-flow.js';
import { authorizationRequest, client, CookieJar, exchange, follow, relyingParty, signInThroughSeatgate, CALLBACK, type TestRp } from '../support/app-flow.js';
import { createApp } from '../../src/domain/apps/apps.js';

describeEachDatabase('an application signs people in through Seatgate', (kind) => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  let rp: TestRp;

  beforeAll(async () => {
    server = await startTestServer(kind);
    org = await makeOrg(server.db.db, { premium: 1, standard: 0 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
    const app = await createApp(server.db.db, { name: 'Acme Notes', redirectUris: [CALLBACK], postLogoutRedirectUris: ['http://127.0.0.1:65000/signed-out'] }, new Date());
    rp = await relyingParty(server.url, app.app.clientId, app.clientSecret);
  });
  afterAll(() => server.stop());

  test('discovery is at PUBLIC_URL/.well-known/openid-configuration and requires PKCE with S256', async () => {
    const doc = await (await fetch(`${server.url}/.well-known/openid-configuration`)).json();
    expect(doc.issuer).toBe(server.url);
    expect(doc.authorization_endpoint).toBe(`${server.url}/oidc/auth`);
    expect(doc.code_challenge_methods_supported).toEqual(['S256']);
    expect(doc.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(['RS256', 'ES256']));
    expect(doc.backchannel_logout_supported).toBe(true);
  });

  test('a first sign-in creates the member by JIT and the ID token carries the seat tier and its entitlements', async () => {
    const browser = new CookieJar();
    const started = await authorizationRequest(rp, { scope: 'openid email profile groups' });
    const callback = await signInThroughSeatgate(browser, started, { saml, base: server.url, email: `ada@${org.domain}` });
    expect(callback.searchParams.get('error')).toBeNull();
    const tokens = await exchange(rp, callback, started);
    const claims = tokens.claims()!;
    const member = await server.db.db.selectFrom('members').selectAll().where('email', '=', `ada@${org.domain}`).executeTakeFirstOrThrow();
    expect(claims).toMatchObject({
      iss: server.url, aud: rp.clientId, sub: member.id, email: `ada@${org.domain}`, email_verified: true,
      org: { id: org.org.id, slug: org.org.slug, name: org.org.name }, role: 'member', seat_tier: 'premium',
      entitlements: { features: expect.arrayContaining(['coding-assistant']) }, groups: [],
    });
    const info = await client.fetchUserInfo(rp.config, tokens.access_token, member.id);
    expect(info).toMatchObject({ sub: member.id, seat_tier: 'premium', org: { slug: org.org.slug } });
  });

  test('a second authorization of a signed-in person needs no new sign-in at the IdP', async () => {
    const browser = new CookieJar();
    const first = await authorizationRequest(rp);
    await exchange(rp, await signInThroughSeatgate(browser, first, { saml, base: server.url, email: `ada@${org.domain}` }), first);
    const again = await authorizationRequest(rp);
    const callback = await signInThroughSeatgate(browser, again, { saml, base: server.url, email: `ada@${org.domain}` });
    expect(callback.toString().startsWith(CALLBACK)).toBe(true);
    expect((await exchange(rp, callback, again)).claims()!.seat_tier).toBe('premium');
  });

  test('a person refused for lack of seats gets no code: the app receives access_denied naming the reason, and the refusal is logged', async () => {
    const browser = new CookieJar();
    const started = await authorizationRequest(rp);
    const callback = await signInThroughSeatgate(browser, started, { saml, base: server.url, email: `bob@${org.domain}` });
    expect(callback.toString().startsWith(CALLBACK)).toBe(true);
    expect(callback.searchParams.get('code')).toBeNull();
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('error_description')).toMatch(new RegExp(`^No seat available in ${org.org.name}\\.`));
    expect(callback.searchParams.get('state')).toBe(started.state);
    const refusal = await server.db.db.selectFrom('provisioning_events').selectAll().where('org_id', '=', org.org.id)
      .where('event', '=', 'seat.rejected').where('subject', '=', `bob@${org.domain}`).executeTakeFirst();
    expect(refusal?.outcome).toBe('rejected');
    await expect(exchange(rp, callback, started)).rejects.toMatchObject({ error: 'access_denied' });
  });

  test('a member of an organization the app does not serve gets access_denied, logged as app.access_denied', async () => {
    const other = await makeOrg(server.db.db, { premium: 0, standard: 1 });
    const limited = await createApp(server.db.db, { name: 'Other Only', redirectUris: [CALLBACK], orgSlugs: [other.org.slug] }, new Date());
    const limitedRp = await relyingParty(server.url, limited.app.clientId, limited.clientSecret);
    const browser = new CookieJar();
    const first = await authorizationRequest(rp);
    await exchange(rp, await signInThroughSeatgate(browser, first, { saml, base: server.url, email: `ada@${org.domain}` }), first);
    const started = await authorizationRequest(limitedRp);
    const callback = await signInThroughSeatgate(browser, started, { saml, base: server.url, email: `ada@${org.domain}` });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('error_description')).toBe(`Other Only is not available to members of ${org.org.name}.`);
    const logged = await server.db.db.selectFrom('provisioning_events').select(['outcome', 'reason']).where('org_id', '=', org.org.id).where('event', '=', 'app.access_denied').execute();
    expect(logged).toEqual([{ outcome: 'rejected', reason: `Other Only is not available to members of ${org.org.name}.` }]);
  });

  test('the sign-in page offers a way back: cancelling gives the app access_denied', async () => {
    const browser = new CookieJar();
    const started = await authorizationRequest(rp);
    const toLogin = await follow(browser, started.url.toString(), server.url);
    const page = toLogin.body;
    const cancel = /href="([^"]+\/abort)"/.exec(page)?.[1];
    expect(cancel).toMatch(/^\/oidc\/interaction\/[^/]+\/abort$/);
    const done = await follow(browser, `${server.url}${cancel}`, server.url);
    const callback = new URL(done.location);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('error_description')).toMatch(/cancelled/);
  });

  test('RP-initiated logout, once confirmed, ends the Seatgate session too', async () => {
    const browser = new CookieJar();
    const started = await authorizationRequest(rp);
    const tokens = await exchange(rp, await signInThroughSeatgate(browser, started, { saml, base: server.url, email: `ada@${org.domain}` }), started);
    expect(browser.named('seatgate_session')).toHaveLength(1);
    const member = await server.db.db.selectFrom('members').select('id').where('email', '=', `ada@${org.domain}`).executeTakeFirstOrThrow();
    const liveSessions = () => server.db.db.selectFrom('sessions').select('id').where('member_id', '=', member.id).where('revoked_at', 'is', null).execute();
    const before = (await liveSessions()).length;
    const end = client.buildEndSessionUrl(rp.config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://127.0.0.1:65000/signed-out' });
    const confirm = await browser.fetch(end.toString());
    const html = await confirm.text();
    expect(html).toContain('Sign out of Acme Notes?');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const action = /action="([^"]+)"/.exec(html)![1]!;
    const done = await browser.fetch(new URL(action, server.url).toString(), { method: 'POST', body: new URLSearchParams({ xsrf, logout: 'yes' }) });
    expect(done.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:65000\/signed-out/);
    expect(browser.named('seatgate_session')).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 200));
    expect((await liveSessions()).length).toBe(before - 1);
  });

  test('PKCE is required: an authorization request without a code challenge is refused', async () => {
    const started = await authorizationRequest(rp);
    const url = new URL(started.url);
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const res = await fetch(url, { redirect: 'manual' });
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  test('a wrong client secret cannot exchange a code', async () => {
    const wrong = await relyingParty(server.url, rp.clientId, `sgcs_${'A'.repeat(43)}`);
    const browser = new CookieJar();
    const started = await authorizationRequest(rp);
    const callback = await signInThroughSeatgate(browser, started, { saml, base: server.url, email: `ada@${org.domain}` });
    await expect(exchange(wrong, callback, started)).rejects.toMatchObject({ status: 401, cause: [expect.objectContaining({ parameters: expect.objectContaining({ error: 'invalid_client' }) })] });
  });
});
