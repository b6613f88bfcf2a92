// Losing the seat ends access to applications: a SCIM deactivation revokes the member's grants in
// the allocator's transaction, so the app's refresh fails and userinfo answers 401 at once, and
// a back-channel logout token reaches the app within seconds. A tier change shows in the next token.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { addTestSamlConnection, type SamlSetup } from '../support/saml-flow.js';
import { startWebhookReceiver, type TestReceiver } from '../support/webhook-receiver.js';
import { authorizationRequest, client, CookieJar, exchange, relyingParty, signInThroughSeatgate, CALLBACK, type TestRp } from '../support/app-flow.js';
import { createApp } from '../../src/domain/apps/apps.js';
import { createScimToken } from '../../src/domain/scim-tokens/tokens.js';
import { changeTier } from '../../src/domain/seats/allocator.js';
import { systemClock } from '../../src/domain/clock.js';

async function until<T>(what: () => T | Promise<T>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v) return v;
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeEachDatabase('losing the seat ends access to applications', (kind) => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  let rp: TestRp;
  let receiver: TestReceiver;
  let scimToken: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    server = await startTestServer(kind, { workers: true, env: { OUTBOX_INTERVAL_MS: '200', WEBHOOK_ALLOW_PRIVATE: 'true' } });
    org = await makeOrg(server.db.db, { premium: 5, standard: 5 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
    const app = await createApp(server.db.db, { name: 'Acme Notes', redirectUris: [CALLBACK], refreshTokens: true, backchannelLogoutUri: receiver.url }, new Date());
    rp = await relyingParty(server.url, app.app.clientId, app.clientSecret);
    scimToken = (await createScimToken(server.db.db, org.org.id, 'idp', systemClock)).secret;
  });
  afterAll(async () => { await server.stop(); await receiver.stop(); });

  async function signIn(name: string) {
    const browser = new CookieJar();
    const started = await authorizationRequest(rp, { scope: 'openid email offline_access' });
    const callback = await signInThroughSeatgate(browser, started, { saml, base: server.url, email: `${name}@${org.domain}` });
    const tokens = await exchange(rp, callback, started);
    const member = await server.db.db.selectFrom('members').selectAll().where('email', '=', `${name}@${org.domain}`).executeTakeFirstOrThrow();
    return { browser, tokens, member };
  }

  test('a tier change shows in the next token (refresh) and in userinfo', async () => {
    const { tokens, member } = await signIn('tier');
    expect(tokens.claims()!.seat_tier).toBe('premium');
    expect(tokens.refresh_token).toBeTruthy();
    await server.db.db.transaction().execute((tx) => changeTier(tx, org.org.id, member.id, 'standard', ctx('admin')));
    const refreshed = await client.refreshTokenGrant(rp.config, tokens.refresh_token!);
    expect(refreshed.claims()!.seat_tier).toBe('standard');
    expect(refreshed.claims()!.entitlements).toEqual({ features: ['chat', 'documents'], limits: { requestsPerDay: 500, storageGb: 10 } });
    expect((await client.fetchUserInfo(rp.config, refreshed.access_token, member.id)).seat_tier).toBe('standard');
  });

  test('a SCIM deactivation makes refresh fail, userinfo answer 401, and sends a back-channel logout within 5 s', async () => {
    const { browser, tokens, member } = await signIn('leaver');
    receiver.calls.length = 0;
    const started = Date.now();
    const res = await fetch(`${server.url}/scim/v2/Users/${member.id}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] }),
    });
    expect(res.status).toBeLessThan(300);
    await expect(client.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    const userinfo = await fetch(`${server.url}/oidc/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(userinfo.status).toBe(401);

    const call = (await until(() => receiver.calls.find((c) => c.body.startsWith('logout_token=')), 5000))!;
    expect(Date.now() - started).toBeLessThan(5000);
    const logoutToken = new URLSearchParams(call.body).get('logout_token')!;
    const { payload, protectedHeader } = await jwtVerify(logoutToken, createRemoteJWKSet(new URL(`${server.url}/oidc/jwks`)), { issuer: server.url, audience: rp.clientId });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.sub).toBe(member.id);
    expect(payload.events).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} });
    expect(payload.nonce).toBeUndefined();

    // The next authorization from the same browser goes through sign-in, which refuses: access_denied with the reason.
    const again = await authorizationRequest(rp);
    const callback = await signInThroughSeatgate(browser, again, { saml, base: server.url, email: `leaver@${org.domain}` });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('error_description')).toMatch(/suspended/);
    const left = await server.db.db.selectFrom('op_payloads').select('model').where('account_id', '=', member.id).execute();
    expect(left).toEqual([]);
  });

  test('prompt=none without a Seatgate session is login_required', async () => {
    const started = await authorizationRequest(rp, { prompt: 'none' });
    const res = await fetch(started.url, { redirect: 'manual' });
    const location = new URL(res.headers.get('location')!);
    expect(location.toString().startsWith(CALLBACK)).toBe(true);
    expect(location.searchParams.get('error')).toBe('login_required');
  });
});
