// SSO connections through the admin API: SAML from uploaded metadata or a metadata URL (behind the
// SSRF guard), OIDC checked by discovery, the exact values to paste into the IdP, certificate
// expiry warnings, changes (switch off, new secret, rotation) and removal — one org never sees
// another's, and the OIDC client secret never comes back.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeEachDatabase } from '../support/databases.js';
import { json } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg, ManualClock } from '../support/fixtures.js';
import { createTestSamlIdp } from '../support/saml-idp.js';
import { startFakeOp, type FakeOp } from '../support/oidc-fake-op.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';

describeEachDatabase('SSO connections over the admin API', (kind) => {
  let s: TestServer;
  let metadataServer: Server;
  let metadataUrl: string;
  let op: FakeOp;
  let owner: string;
  let otherOwner: string;
  // The test certificates are valid until November 2126: 20 days before that, they warn.
  const clock = new ManualClock('2126-10-15T00:00:00Z');
  const idp = createTestSamlIdp();

  beforeAll(async () => {
    s = await startTestServer(kind, { clock, env: { SSO_FETCH_ALLOW_PRIVATE: 'true' } });
    metadataServer = createServer((_req, res) => res.end(idp.metadataXml(['idp'])));
    await new Promise<void>((r) => metadataServer.listen(0, '127.0.0.1', () => r()));
    metadataUrl = `http://127.0.0.1:${(metadataServer.address() as AddressInfo).port}/metadata`;
    op = await startFakeOp('console-client');
    const a = await makeOrg(s.db.db, { standard: 2, premium: 0 });
    const b = await makeOrg(s.db.db, { standard: 2, premium: 0 });
    owner = (await createApiKey(s.db.db, a.org.id, 'owner', 'owner', clock)).secret;
    otherOwner = (await createApiKey(s.db.db, b.org.id, 'owner', 'owner', clock)).secret;
  });
  afterAll(async () => {
    await s?.stop();
    await new Promise<void>((r) => metadataServer.close(() => r()));
    await op?.close();
  });

  const api = (key: string, path: string, method = 'GET', body?: unknown) => fetch(`${s.url}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}),
  });

  test('adds SAML from the uploaded metadata and answers the exact values to paste into the IdP', async () => {
    const res = await api(owner, '/sso-connections', 'POST', { kind: 'saml', label: 'Okta', metadataXml: idp.metadataXml(['idp', 'idp-next']) });
    expect(res.status).toBe(201);
    const c = await json(res);
    const base = `${s.url}/sso/saml/${c.id}`;
    expect(c).toMatchObject({
      kind: 'saml', label: 'Okta', enabled: true,
      saml: { idpEntityId: idp.entityId, ssoUrl: idp.ssoUrl, signed: 'assertion', allowIdpInitiated: false },
      setup: { entityId: `${base}/metadata`, acsUrl: `${base}/acs`, metadataUrl: `${base}/metadata`, loginUrl: `${base}/login`,
        testUrl: `${base}/login?test=1` },
    });
    expect(c.saml.certificates).toEqual([
      expect.objectContaining({ status: 'expiring', daysLeft: 20 }), expect.objectContaining({ status: 'expiring' }),
    ]);
    expect(c.warnings.join(' ')).toMatch(/expires on 2126-11-0\d \(in 20 days\)/);
    // Our SP metadata at the URL we published says the same entity id and ACS.
    const sp = await (await fetch(c.setup.metadataUrl)).text();
    expect(sp).toContain(`entityID="${c.setup.entityId}"`);
    expect(sp).toContain(`Location="${c.setup.acsUrl}"`);
  });

  test('adds SAML from a metadata URL, and refuses both or neither of URL and file', async () => {
    const res = await api(owner, '/sso-connections', 'POST', { kind: 'saml', metadataUrl, signed: 'both' });
    expect(res.status).toBe(201);
    expect((await json(res)).saml).toMatchObject({ signed: 'both', certificates: [expect.anything()] });
    for (const body of [{ kind: 'saml' }, { kind: 'saml', metadataUrl, metadataXml: idp.metadataXml() }]) {
      const bad = await api(owner, '/sso-connections', 'POST', body);
      expect(bad.status).toBe(400);
      expect((await json(bad)).error.code).toBe('INVALID_INPUT');
    }
    const sp = await api(owner, '/sso-connections', 'POST', { kind: 'saml', metadataXml: '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>' });
    expect((await json(sp)).error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/IDPSSODescriptor/) });
  });

  test('adds OIDC after reading the issuer\'s discovery, and never returns the client secret', async () => {
    const secret = 'oidc-client-secret-that-must-not-leak';
    const res = await api(owner, '/sso-connections', 'POST', { kind: 'oidc', label: 'Entra ID', issuer: op.issuer, clientId: 'console-client', clientSecret: secret });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(secret);
    const c = JSON.parse(text);
    expect(c).toMatchObject({ kind: 'oidc', oidc: { issuer: op.issuer, clientId: 'console-client', scopes: 'openid email profile', clientSecretSet: true },
      setup: { redirectUri: `${s.url}/sso/oidc/${c.id}/callback`, loginUrl: `${s.url}/sso/oidc/${c.id}/login` }, warnings: [] });
    expect(await (await api(owner, '/sso-connections')).text()).not.toContain(secret);
  });

  test('refuses an OIDC issuer whose discovery cannot be read, storing nothing', async () => {
    const before = (await json(api(owner, '/sso-connections'))).connections.length;
    const res = await api(owner, '/sso-connections', 'POST', { kind: 'oidc', issuer: `${metadataUrl}/nothing-here`, clientId: 'x', clientSecret: 'y' });
    expect(res.status).toBe(502);
    expect((await json(res)).error.code).toBe('OIDC_IDP_UNREACHABLE');
    expect((await json(api(owner, '/sso-connections'))).connections).toHaveLength(before);
  });

  test('switching a connection off shows a warning and stops its sign-ins; fields of the other kind are refused', async () => {
    const c = await json(api(owner, '/sso-connections', 'POST', { kind: 'saml', metadataXml: idp.metadataXml() }));
    const off = await api(owner, `/sso-connections/${c.id}`, 'PATCH', { enabled: false, label: 'Old Okta' });
    expect(off.status).toBe(200);
    expect(await json(off)).toMatchObject({ enabled: false, label: 'Old Okta', warnings: expect.arrayContaining([expect.stringMatching(/switched off/)]) });
    expect((await fetch(c.setup.loginUrl, { redirect: 'manual' })).status).toBe(404);
    const wrong = await api(owner, `/sso-connections/${c.id}`, 'PATCH', { clientSecret: 'new' });
    expect(wrong.status).toBe(400);
    expect((await json(wrong)).error.message).toMatch(/does not apply to a SAML connection/);
    const on = await json(api(owner, `/sso-connections/${c.id}`, 'PATCH', { enabled: true }));
    expect(on.enabled).toBe(true);
    expect((await fetch(c.setup.loginUrl, { redirect: 'manual' })).status).toBe(302);
  });

  test('new metadata replaces the certificates (rotation), and an OIDC secret is replaced write-only', async () => {
    const saml = await json(api(owner, '/sso-connections', 'POST', { kind: 'saml', metadataXml: idp.metadataXml(['idp', 'idp-next']) }));
    const rotated = await json(api(owner, `/sso-connections/${saml.id}`, 'PATCH', { metadataXml: idp.metadataXml(['idp-next']) }));
    expect(rotated.saml.certificates).toHaveLength(1);
    const oidc = await json(api(owner, '/sso-connections', 'POST', { kind: 'oidc', issuer: op.issuer, clientId: 'console-client', clientSecret: 'first' }));
    const res = await api(owner, `/sso-connections/${oidc.id}`, 'PATCH', { clientSecret: 'second-secret' });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('second-secret');
    const row = await s.db.db.selectFrom('sso_connections').select('oidc_client_secret').where('id', '=', oidc.id).executeTakeFirstOrThrow();
    expect(row.oidc_client_secret).toBe('second-secret');
  });

  test('another organization\'s connection is not found, and a removed one is gone', async () => {
    const c = await json(api(owner, '/sso-connections', 'POST', { kind: 'saml', metadataXml: idp.metadataXml() }));
    for (const [method, body] of [['GET'], ['PATCH', { enabled: false }], ['DELETE']] as const) {
      const res = await api(otherOwner, `/sso-connections/${c.id}`, method, body);
      expect(res.status).toBe(404);
      expect((await json(res)).error.code).toBe('SSO_CONNECTION_NOT_FOUND');
    }
    expect((await json(api(otherOwner, '/sso-connections'))).connections).toEqual([]);
    expect((await api(owner, `/sso-connections/${c.id}`, 'DELETE')).status).toBe(204);
    expect((await api(owner, `/sso-connections/${c.id}`)).status).toBe(404);
  });
});
